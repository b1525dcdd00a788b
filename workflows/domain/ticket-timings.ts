/**
 * A department's ticket timers, in milliseconds; null turns one off. They reach each ticket workflow
 * as data, so production passes days and tests pass seconds through the same path.
 */
export interface TicketTimings {
  /** A Waiting ticket closes after this long without a message. */
  autoCloseAfterMs: number | null;
  /** A customer waiting this long for an answer raises the idle warning, then the idle critical alert. */
  idleWarningAfterMs: number | null;
  idleCriticalAfterMs: number | null;
  /** A ticket open this long raises the duration warning, then the duration critical alert. */
  durationWarningAfterMs: number | null;
  durationCriticalAfterMs: number | null;
  /** Idle alerts whose threshold lies beyond this are never raised: long-waiting tickets go quiet. */
  stopIdleEventsAfterMs: number | null;
}

export const noTimings: TicketTimings = {
  autoCloseAfterMs: null,
  idleWarningAfterMs: null,
  idleCriticalAfterMs: null,
  durationWarningAfterMs: null,
  durationCriticalAfterMs: null,
  stopIdleEventsAfterMs: null,
};
