/** When each of a ticket's timers is due: pure arithmetic over its state, so replay gives the same answer. */
import { isDormant, type TicketState } from './ticket';
import type { TimerEvent } from './ticket-events';

export interface DueTimer {
  at: number;
  event: TimerEvent;
}

/** Every timer the ticket has armed now, earliest first. */
export function armedTimers(state: TicketState): DueTimer[] {
  const { timings, alerts } = state;
  const timers: DueTimer[] = [];
  if (isDormant(state.status)) return timers;

  for (const followUp of state.followUps)
    timers.push({ at: followUp.dueAt, event: { type: 'followUpDue', followUpId: followUp.id } });

  if (state.status === 'waiting' && state.waitingSince !== null && timings.autoCloseAfterMs !== null) {
    timers.push({ at: state.waitingSince + timings.autoCloseAfterMs, event: { type: 'autoClosed' } });
  }

  if (state.status === 'active' && state.idleSince !== null) {
    const idle = (afterMs: number | null, raisedAt: number | null, event: TimerEvent) => {
      if (afterMs === null || raisedAt !== null) return;
      if (timings.stopIdleEventsAfterMs !== null && afterMs > timings.stopIdleEventsAfterMs) return;
      timers.push({ at: state.idleSince! + afterMs, event });
    };
    idle(timings.idleWarningAfterMs, alerts.idleWarningAt, { type: 'idleWarning' });
    idle(timings.idleCriticalAfterMs, alerts.idleCriticalAt, { type: 'idleCritical' });
  }

  const duration = (afterMs: number | null, raisedAt: number | null, event: TimerEvent) => {
    if (afterMs !== null && raisedAt === null) timers.push({ at: state.createdAt + afterMs, event });
  };
  duration(timings.durationWarningAfterMs, alerts.durationWarningAt, { type: 'durationWarning' });
  duration(timings.durationCriticalAfterMs, alerts.durationCriticalAt, { type: 'durationCritical' });

  return timers.sort((a, b) => a.at - b.at);
}

/** The instant the workflow must next wake for a timer, or null when none is armed. */
export function nextDeadline(state: TicketState): number | null {
  return armedTimers(state)[0]?.at ?? null;
}

/** The first timer due at `now`, or null; the workflow applies it and asks again, as state may disarm others. */
export function firstDueTimer(state: TicketState, now: number): TimerEvent | null {
  const [first] = armedTimers(state);
  return first && first.at <= now ? first.event : null;
}
