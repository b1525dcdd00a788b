import type { TicketTimings } from './ticket-timings';

/** Which tickets a broadcast tells: never closed, locked, deleted or spam ones. */
export type BroadcastTarget =
  /** Every open ticket. */
  | { kind: 'open' }
  /** The open tickets of one department. */
  | { kind: 'openInDepartment'; departmentId: number }
  /** The queued (open, unassigned) tickets of some groups, oldest first, told one at a time. */
  | { kind: 'queuedInGroups'; groupIds: number[] };

/** What a broadcast tells each ticket: one of the ticket workflow's signals, with its payload. */
export type BroadcastSignal =
  /** SLA policies, calendars or rules changed. */
  | { name: 'automationChanged' }
  /** The department's timers changed. */
  | { name: 'timingsChanged'; timings: TicketTimings }
  /** An agent of the group became available. */
  | { name: 'agentAvailable' };
