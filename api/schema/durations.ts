import { z } from 'zod';

const YEAR_SECONDS = 366 * 24 * 3600;

/**
 * A duration in seconds as the API takes it (fractions allowed: tests use seconds, production hours);
 * kept in whole milliseconds, so at least one.
 */
export const seconds = z
  .number()
  .min(0.001, 'must be at least 0.001 seconds (1 ms)')
  .max(YEAR_SECONDS, 'is longer than a year: an impossible duration');

export const toMs = (value: number) => Math.round(value * 1000);
export const toSeconds = (ms: number) => ms / 1000;
