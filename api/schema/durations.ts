import { z } from 'zod';

const YEAR_SECONDS = 366 * 24 * 3600;

/** A duration in seconds as the API takes it (fractions allowed: tests use seconds, production hours). */
export const seconds = z
  .number()
  .positive('must be more than 0 seconds')
  .max(YEAR_SECONDS, 'is longer than a year: an impossible duration');

export const toMs = (value: number) => Math.round(value * 1000);
export const toSeconds = (ms: number) => ms / 1000;
