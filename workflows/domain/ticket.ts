/**
 * The ticket as its workflow owns it, and the pure rules that move it. No I/O and no clock: every
 * function takes `now` (epoch ms), so it runs the same in the workflow, the API and unit tests.
 */
import type { SlaVerdict } from './sla-clock';
import type { AppliedSla } from './sla-policy';
import { openedByCustomer, type TimelineMark } from './ticket-timeline';
import { noTimings, type TicketTimings } from './ticket-timings';

export const TICKET_STATUSES = [
  'active',
  'waiting',
  'follow-up',
  'closed',
  'closed-locked',
  'deleted',
  'spam',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What an agent may leave a ticket in after replying. */
export const REPLY_STATUSES = ['active', 'waiting'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Statuses in which a ticket is out of the agents' way: no timers run and replies are refused. */
const DORMANT: readonly TicketStatus[] = ['closed', 'closed-locked', 'deleted', 'spam'];
export const isDormant = (status: TicketStatus) => DORMANT.includes(status);

export type TicketChannel = 'api' | 'agent';

/** What a new ticket starts from: where it goes, who asked, and its first message. */
export interface OpenTicket {
  number: number;
  brandId: number;
  departmentId: number;
  groupId: number;
  customerId: number;
  /** The customer's organization, by their email domain; absent in tickets opened before organizations. */
  organizationId?: number | null;
  /** Custom field values by key; absent in tickets opened before custom fields. */
  customFields?: CustomFields;
  subject: string;
  channel: TicketChannel;
  firstMessageId: string;
  /** The department's timers when the ticket opened; absent in tickets opened before timers existed. */
  timings?: TicketTimings;
}

export interface FollowUp {
  id: string;
  dueAt: number;
  note: string;
  agentId: number;
}

/** When each alert threshold was crossed; each is recorded once per idle cycle or per ticket. */
export interface TicketAlerts {
  idleWarningAt: number | null;
  idleCriticalAt: number | null;
  durationWarningAt: number | null;
  durationCriticalAt: number | null;
}

export type CustomFields = Record<string, string>;

export interface TicketState
  extends Omit<OpenTicket, 'firstMessageId' | 'timings' | 'organizationId' | 'customFields'> {
  organizationId: number | null;
  customFields: CustomFields;
  status: TicketStatus;
  /** The owning agent; null while the ticket waits in its group's queue. */
  agentId: number | null;
  priority: Priority;
  pinned: boolean;
  /** Grows by one with every change; the read model keeps the highest version it has seen. */
  version: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Epoch ms of the last customer message and of the last public agent reply. */
  lastCustomerMessageAt: number;
  lastAgentReplyAt: number | null;
  timings: TicketTimings;
  /** Pending follow-ups, earliest first. */
  followUps: FollowUp[];
  /** Since when the ticket waits on the customer (auto-close runs from here), or null. */
  waitingSince: number | null;
  /** Since when a customer waits for an agent's answer (idle alerts run from here), or null. */
  idleSince: number | null;
  alerts: TicketAlerts;
  /** The status a deleted or spam ticket returns to when restored. */
  statusBeforeRemoval: TicketStatus | null;
  /** Status changes and messages, in the order applied: what SLA clocks are computed from. */
  timeline: TimelineMark[];
  sla: TicketSla;
}

export interface TicketSla {
  /** The policy version the ticket runs under, or null when none matches. */
  applied: AppliedSla | null;
  /** Verdicts and warnings already given; they stand through policy changes. */
  given: SlaVerdict[];
}

const noSla: TicketSla = { applied: null, given: [] };

const noAlerts: TicketAlerts = {
  idleWarningAt: null,
  idleCriticalAt: null,
  durationWarningAt: null,
  durationCriticalAt: null,
};

export function openTicket(input: OpenTicket, now: number): TicketState {
  const { firstMessageId: _, timings, organizationId, customFields, ...ticket } = input;
  return {
    ...ticket,
    organizationId: organizationId ?? null,
    customFields: customFields ?? {},
    status: 'active',
    agentId: null,
    priority: 'normal',
    pinned: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    lastCustomerMessageAt: now,
    lastAgentReplyAt: null,
    timings: timings ?? noTimings,
    followUps: [],
    waitingSince: null,
    idleSince: now,
    alerts: noAlerts,
    statusBeforeRemoval: null,
    timeline: [{ type: 'opened', at: now, byCustomer: openedByCustomer(ticket.channel), status: 'active' }],
    sla: noSla,
  };
}

/** A state carried over continue-as-new from an older run, completed with the fields added since. */
export function upgradeState(state: Partial<TicketState> & Pick<TicketState, 'number'>): TicketState {
  return {
    agentId: null,
    priority: 'normal',
    pinned: false,
    timings: noTimings,
    followUps: [],
    waitingSince: null,
    idleSince: null,
    alerts: noAlerts,
    statusBeforeRemoval: null,
    sla: noSla,
    organizationId: null,
    customFields: {},
    ...state,
    timeline: state.timeline ?? timelineBefore(state),
  } as TicketState;
}

/** A timeline for a ticket recorded before timelines existed: opened active, then its current status. */
function timelineBefore(state: Partial<TicketState>): TimelineMark[] {
  const at = state.createdAt ?? 0;
  const opened: TimelineMark = {
    type: 'opened',
    at,
    byCustomer: openedByCustomer(state.channel ?? 'api'),
    status: 'active',
  };
  const status = state.status ?? 'active';
  return status === 'active' ? [opened] : [opened, { type: 'status', at: state.updatedAt ?? at, status }];
}
