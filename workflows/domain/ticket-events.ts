/** Everything that can happen to a ticket, whether a person or a timer made it happen. */

import type { AppliedSla } from './sla-policy';
import type { StaffRole } from './staff-role';
import {
  type CustomFields,
  type FollowUp,
  isDormant,
  type Priority,
  type ReplyStatus,
  type TicketState,
  type TicketStatus,
} from './ticket';
import type { TimelineMark } from './ticket-timeline';
import type { TicketTimings } from './ticket-timings';

export type StatusChange = 'reopen' | 'lock' | 'delete' | 'markSpam' | 'restore' | 'setWaiting' | 'setActive';

export type CommandEvent =
  | { type: 'customerReplied'; messageId: string }
  | { type: 'agentReplied'; messageId: string; agentId: number; status: ReplyStatus }
  | { type: 'commentAdded'; messageId: string; agentId: number | null }
  | { type: 'closed'; agentId: number | null }
  | { type: 'statusChanged'; change: StatusChange; agentId: number | null; role: StaffRole }
  | { type: 'prioritySet'; priority: Priority; agentId: number | null }
  | { type: 'pinSet'; pinned: boolean; agentId: number | null }
  | { type: 'customFieldsSet'; fields: CustomFields; agentId: number | null }
  | { type: 'followUpScheduled'; followUp: FollowUp }
  | { type: 'followUpRescheduled'; followUpId: string; dueAt: number; agentId: number }
  | { type: 'followUpCancelled'; followUpId: string; agentId: number }
  | { type: 'timingsChanged'; timings: TicketTimings }
  | { type: 'assigned'; agentId: number }
  | { type: 'slaApplied'; applied: AppliedSla | null }
  | {
      type: 'transferred';
      to: TransferTarget;
      /** Null when an automation rule transferred the ticket. */
      byAgentId: number | null;
      escalation: boolean;
      commentMessageId: string | null;
    };

/** Where a transfer sends a ticket: a group (and its department), and an agent of it or none. */
export interface TransferTarget {
  departmentId: number;
  groupId: number;
  agentId: number | null;
  /** The new department's timers when the department changes; null keeps the ticket's own. */
  timings: TicketTimings | null;
}

export type TimerEvent =
  | { type: 'followUpDue'; followUpId: string }
  | { type: 'autoClosed' }
  | { type: 'idleWarning' }
  | { type: 'idleCritical' }
  | { type: 'durationWarning' }
  | { type: 'durationCritical' }
  /** An SLA warning or breach instant passed: verdicts are recorded and acted on. */
  | { type: 'slaCheck' }
  /** A time-based rule's occurrence is due. */
  | { type: 'ruleDue'; ruleId: number; key: string };

export type TicketEvent = CommandEvent | TimerEvent;

const removed: readonly TicketStatus[] = ['deleted', 'spam'];
const staysPut: readonly TicketStatus[] = ['closed-locked', 'deleted', 'spam'];

/** Why an event cannot apply to a ticket in its current state, or null when it can. */
export function refusal(state: TicketState, event: CommandEvent): string | null {
  const ticket = `ticket ${state.number}`;
  switch (event.type) {
    case 'customerReplied':
    case 'timingsChanged':
    case 'slaApplied':
      return null;
    case 'assigned':
    case 'transferred':
      return isDormant(state.status) ? `${ticket} is ${state.status}; reopen it before transferring` : null;
    case 'agentReplied':
    case 'commentAdded':
    case 'followUpScheduled':
      return isDormant(state.status) ? `${ticket} is ${state.status}; reopen it first` : null;
    case 'closed':
      if (state.status === 'closed' || state.status === 'closed-locked') return `${ticket} is already closed`;
      return removed.includes(state.status) ? `${ticket} is ${state.status}; restore it first` : null;
    case 'prioritySet':
    case 'pinSet':
    case 'customFieldsSet':
      return removed.includes(state.status) ? `${ticket} is ${state.status}; restore it first` : null;
    case 'followUpRescheduled':
    case 'followUpCancelled':
      return state.followUps.some((followUp) => followUp.id === event.followUpId)
        ? null
        : `${ticket} has no pending follow-up ${event.followUpId}`;
    case 'statusChanged':
      return statusChangeRefusal(state, event.change, event.role);
  }
}

function statusChangeRefusal(state: TicketState, change: StatusChange, role: StaffRole): string | null {
  const ticket = `ticket ${state.number}`;
  switch (change) {
    case 'reopen':
      if (state.status === 'closed-locked' && role === 'agent')
        return `${ticket} is locked; only a manager can reopen it`;
      return state.status === 'closed' || state.status === 'closed-locked' ? null : `${ticket} is not closed`;
    case 'lock':
      return state.status === 'closed' ? null : `${ticket} must be closed before it is locked`;
    case 'delete':
    case 'markSpam':
      return removed.includes(state.status) ? `${ticket} is already ${state.status}` : null;
    case 'restore':
      return removed.includes(state.status) ? null : `${ticket} is neither deleted nor spam`;
    case 'setWaiting':
    case 'setActive':
      return isDormant(state.status) ? `${ticket} is ${state.status}; reopen it first` : null;
  }
}

const byDueAt = (a: FollowUp, b: FollowUp) => a.dueAt - b.dueAt || a.id.localeCompare(b.id);

/** Moves a ticket to `status`, keeping the clocks that hang on it consistent. */
function withStatus(state: TicketState, status: TicketStatus, now: number): TicketState {
  if (state.status === status) return state;
  const next: TicketState = { ...state, status };
  // Auto-close runs only while Waiting, and restarts whenever the ticket enters Waiting.
  next.waitingSince = status === 'waiting' ? now : null;
  if (status === 'active') next.idleSince = state.idleSince ?? now;
  if (status === 'closed' || status === 'closed-locked') next.closedAt = state.closedAt ?? now;
  else next.closedAt = null;
  if (isDormant(status)) next.followUps = [];
  return next;
}

/** The ticket after `event`; callers check `refusal` first. */
export function applyTicketEvent(state: TicketState, event: TicketEvent, now: number): TicketState {
  const next = nextState(state, event, now);
  const marks = timelineMarks(state, event, next, now);
  return marks.length === 0 ? next : { ...next, timeline: [...state.timeline, ...marks] };
}

/** What SLA clocks need to know of an applied event (SLA.md rules 9–12). */
function timelineMarks(
  before: TicketState,
  event: TicketEvent,
  after: TicketState,
  now: number,
): TimelineMark[] {
  const marks: TimelineMark[] = [];
  if (event.type === 'agentReplied') marks.push({ type: 'agentReply', at: now });
  if (after.status !== before.status) marks.push({ type: 'status', at: now, status: after.status });
  if (event.type === 'customerReplied') marks.push({ type: 'customerMessage', at: now });
  return marks;
}

function nextState(state: TicketState, event: TicketEvent, now: number): TicketState {
  const next = { ...state, version: state.version + 1, updatedAt: now };
  switch (event.type) {
    case 'customerReplied': {
      // Locked, deleted and spam tickets keep their status; the API routes such mail elsewhere.
      const reopened = staysPut.includes(next.status) ? next : withStatus(next, 'active', now);
      const waitingSince = reopened.status === 'waiting' ? now : reopened.waitingSince;
      return { ...reopened, waitingSince, lastCustomerMessageAt: now, idleSince: reopened.idleSince ?? now };
    }
    case 'agentReplied': {
      // A public answer ends the customer's wait: the idle cycle and its alerts start over.
      const answered = {
        ...next,
        lastAgentReplyAt: now,
        idleSince: null,
        alerts: { ...next.alerts, idleWarningAt: null, idleCriticalAt: null },
      };
      const moved = withStatus(answered, event.status, now);
      return moved.status === 'waiting' ? { ...moved, waitingSince: now } : moved;
    }
    case 'commentAdded':
      return next;
    case 'closed':
      return withStatus(next, 'closed', now);
    case 'statusChanged':
      return applyStatusChange(next, event.change, now);
    case 'prioritySet':
      return { ...next, priority: event.priority };
    case 'pinSet':
      return { ...next, pinned: event.pinned };
    case 'customFieldsSet':
      return { ...next, customFields: event.fields };
    case 'followUpScheduled':
      return withStatus(
        { ...next, followUps: [...next.followUps, event.followUp].sort(byDueAt) },
        'follow-up',
        now,
      );
    case 'followUpRescheduled':
      return {
        ...next,
        followUps: next.followUps
          .map((followUp) =>
            followUp.id === event.followUpId ? { ...followUp, dueAt: event.dueAt } : followUp,
          )
          .sort(byDueAt),
      };
    case 'followUpCancelled': {
      const followUps = next.followUps.filter((followUp) => followUp.id !== event.followUpId);
      const back = followUps.length === 0 && next.status === 'follow-up';
      return back ? withStatus({ ...next, followUps }, 'active', now) : { ...next, followUps };
    }
    case 'followUpDue': {
      const followUps = next.followUps.filter((followUp) => followUp.id !== event.followUpId);
      return next.status === 'follow-up'
        ? withStatus({ ...next, followUps }, 'active', now)
        : { ...next, followUps };
    }
    case 'timingsChanged':
      return { ...next, timings: event.timings };
    case 'assigned':
      return { ...next, agentId: event.agentId };
    case 'transferred':
      return {
        ...next,
        departmentId: event.to.departmentId,
        groupId: event.to.groupId,
        agentId: event.to.agentId,
        timings: event.to.timings ?? next.timings,
      };
    case 'autoClosed':
      return withStatus(next, 'closed', now);
    case 'idleWarning':
      return { ...next, alerts: { ...next.alerts, idleWarningAt: now } };
    case 'idleCritical':
      return { ...next, alerts: { ...next.alerts, idleCriticalAt: now } };
    case 'durationWarning':
      return { ...next, alerts: { ...next.alerts, durationWarningAt: now } };
    case 'durationCritical':
      return { ...next, alerts: { ...next.alerts, durationCriticalAt: now } };
    case 'slaApplied':
      return { ...next, sla: { ...next.sla, applied: event.applied } };
    case 'slaCheck':
    case 'ruleDue':
      return next;
  }
}

function applyStatusChange(state: TicketState, change: StatusChange, now: number): TicketState {
  switch (change) {
    case 'reopen':
    case 'setActive':
      return withStatus(state, 'active', now);
    case 'setWaiting':
      return withStatus(state, 'waiting', now);
    case 'lock':
      return withStatus(state, 'closed-locked', now);
    case 'delete':
      return { ...withStatus(state, 'deleted', now), statusBeforeRemoval: state.status };
    case 'markSpam':
      return { ...withStatus(state, 'spam', now), statusBeforeRemoval: state.status };
    case 'restore':
      return { ...withStatus(state, state.statusBeforeRemoval ?? 'active', now), statusBeforeRemoval: null };
  }
}
