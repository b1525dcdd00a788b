/**
 * The ticket as its workflow owns it, and the pure rules that move it. No I/O and no clock: every
 * function takes `now` (epoch ms), so it runs the same in the workflow, the API and unit tests.
 */

export const TICKET_STATUSES = ['active', 'waiting', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What an agent may leave a ticket in after replying. */
export const REPLY_STATUSES = ['active', 'waiting'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export type TicketChannel = 'api' | 'agent';

/** What a new ticket starts from: where it goes, who asked, and its first message. */
export interface OpenTicket {
  number: number;
  brandId: number;
  departmentId: number;
  groupId: number;
  customerId: number;
  subject: string;
  channel: TicketChannel;
  firstMessageId: string;
}

export interface TicketState extends Omit<OpenTicket, 'firstMessageId'> {
  status: TicketStatus;
  /** Grows by one with every change; the read model keeps the highest version it has seen. */
  version: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Epoch ms of the last customer message and of the last public agent reply. */
  lastCustomerMessageAt: number;
  lastAgentReplyAt: number | null;
}

export type TicketEvent =
  | { type: 'customerReplied'; messageId: string }
  | { type: 'agentReplied'; messageId: string; agentId: number; status: ReplyStatus }
  | { type: 'closed'; agentId: number };

export function openTicket(input: OpenTicket, now: number): TicketState {
  return {
    number: input.number,
    brandId: input.brandId,
    departmentId: input.departmentId,
    groupId: input.groupId,
    customerId: input.customerId,
    subject: input.subject,
    channel: input.channel,
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    lastCustomerMessageAt: now,
    lastAgentReplyAt: null,
  };
}

/** Why an event cannot apply to a ticket in its current state, or null when it can. */
export function refusal(state: TicketState, event: TicketEvent): string | null {
  if (state.status !== 'closed') return null;
  if (event.type === 'closed') return `ticket ${state.number} is already closed`;
  if (event.type === 'agentReplied') return `ticket ${state.number} is closed; reopen it before replying`;
  return null;
}

/** The ticket after `event`; callers check `refusal` first. A customer message reopens a closed ticket. */
export function applyTicketEvent(state: TicketState, event: TicketEvent, now: number): TicketState {
  const next = { ...state, version: state.version + 1, updatedAt: now };
  switch (event.type) {
    case 'customerReplied':
      return { ...next, status: 'active', closedAt: null, lastCustomerMessageAt: now };
    case 'agentReplied':
      return { ...next, status: event.status, lastAgentReplyAt: now };
    case 'closed':
      return { ...next, status: 'closed', closedAt: now };
  }
}
