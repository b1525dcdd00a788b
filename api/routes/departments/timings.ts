import { z } from 'zod';
import type { TicketTimings } from '../../../workflows/domain/ticket-timings';
import { strict } from '../../schema/fields';

/**
 * Timers as people set them, in seconds (fractions allowed, so tests can use them); null turns one off.
 * Stored in whole milliseconds, so less than one would round to an instant timer.
 */
const seconds = z
  .number()
  .min(0.001, 'must be at least 0.001 seconds (1 ms)')
  .max(10 * 365 * 86_400)
  .nullable();

export const TimingsBody = strict({
  autoCloseAfterSeconds: seconds,
  idleWarningAfterSeconds: seconds,
  idleCriticalAfterSeconds: seconds,
  durationWarningAfterSeconds: seconds,
  durationCriticalAfterSeconds: seconds,
  stopIdleEventsAfterSeconds: seconds,
})
  .partial()
  .refine(
    (t) =>
      t.idleWarningAfterSeconds == null ||
      t.idleCriticalAfterSeconds == null ||
      t.idleWarningAfterSeconds < t.idleCriticalAfterSeconds,
    {
      message: 'the idle warning must come before the idle critical alert',
      path: ['idleWarningAfterSeconds'],
    },
  )
  .refine(
    (t) =>
      t.durationWarningAfterSeconds == null ||
      t.durationCriticalAfterSeconds == null ||
      t.durationWarningAfterSeconds < t.durationCriticalAfterSeconds,
    {
      message: 'the duration warning must come before the duration critical alert',
      path: ['durationWarningAfterSeconds'],
    },
  );

export type TimingsInSeconds = z.infer<typeof TimingsBody>;

const toMs = (value: number | null | undefined) => (value == null ? null : Math.round(value * 1000));
const toSeconds = (value: number | null) => (value === null ? null : value / 1000);

export function timingsFromSeconds(body: TimingsInSeconds): TicketTimings {
  return {
    autoCloseAfterMs: toMs(body.autoCloseAfterSeconds),
    idleWarningAfterMs: toMs(body.idleWarningAfterSeconds),
    idleCriticalAfterMs: toMs(body.idleCriticalAfterSeconds),
    durationWarningAfterMs: toMs(body.durationWarningAfterSeconds),
    durationCriticalAfterMs: toMs(body.durationCriticalAfterSeconds),
    stopIdleEventsAfterMs: toMs(body.stopIdleEventsAfterSeconds),
  };
}

export function timingsInSeconds(timings: TicketTimings): Required<TimingsInSeconds> {
  return {
    autoCloseAfterSeconds: toSeconds(timings.autoCloseAfterMs),
    idleWarningAfterSeconds: toSeconds(timings.idleWarningAfterMs),
    idleCriticalAfterSeconds: toSeconds(timings.idleCriticalAfterMs),
    durationWarningAfterSeconds: toSeconds(timings.durationWarningAfterMs),
    durationCriticalAfterSeconds: toSeconds(timings.durationCriticalAfterMs),
    stopIdleEventsAfterSeconds: toSeconds(timings.stopIdleEventsAfterMs),
  };
}
