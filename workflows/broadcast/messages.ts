import type { BroadcastSignal, BroadcastTarget } from '../domain/broadcast';

export type { BroadcastSignal, BroadcastTarget } from '../domain/broadcast';

/** The automation broadcast's id: one run per change, so two edits never share a run. */
export const automationBroadcastId = (changeId: string) => `automation-change-${changeId}`;
/**
 * One id per department: a newer edit of its timers replaces a broadcast still running, so no ticket
 * hears older timers after newer ones.
 */
export const timingsBroadcastId = (departmentId: number) => `department-timings-${departmentId}`;
/** One run per availability change (a login, a group starting to receive). */
export const offerBroadcastId = (changeId: string) => `offer-queued-${changeId}`;

export interface BroadcastInput {
  target: BroadcastTarget;
  signal: BroadcastSignal;
  /** Tickets up to this number were told already (set when the run continues as new). */
  after: number;
  /** How many tickets may still be told in all; null: every target. */
  remaining: number | null;
}

/** The input of runs started before broadcasts had targets: every open ticket hears automationChanged. */
export interface AutomationBroadcastInput {
  after: number;
}
