/**
 * The ticket workflow's contract: the names recorded in history and the payloads callers send.
 * The API and temporal/commands import this file, never the workflow body.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OpenTicket, ReplyStatus, TicketState } from '../domain/ticket';
import type { TicketAutomation } from '../domain/ticket-automation';
import type { CommandEvent } from '../domain/ticket-events';
import type { TicketTimings } from '../domain/ticket-timings';

export interface TicketWorkflowInput {
  ticket: OpenTicket;
  /** Set when the run continues as new with the state it had. */
  carried?: TicketState;
  automation?: TicketAutomation;
}

/** Agent commands may name the version they saw: if the ticket moved on since, they are refused. */
interface Guarded {
  expectedVersion?: number;
}

export interface CustomerReply {
  messageId: string;
}

export interface AgentReply extends Guarded {
  messageId: string;
  agentId: number;
  status: ReplyStatus;
}

export interface CloseTicket extends Guarded {
  agentId: number;
}

/** Every other agent command: an event of the ticket's domain, as the agent asked for it. */
export type TicketCommand = Exclude<
  CommandEvent,
  { type: 'customerReplied' | 'agentReplied' | 'closed' | 'timingsChanged' | 'assigned' }
> &
  Guarded;

/** Sent with update-with-start when the ticket is created; answers once the read model has the ticket. */
export const openUpdate = defineUpdate<TicketState>('open');
/** Customer and mail events are signals: the sender does not wait for an answer. */
export const customerRepliedSignal = defineSignal<[CustomerReply]>('customerReplied');
/** An agent of the ticket's group started receiving: a queued ticket tries distribution again. */
export const agentAvailableSignal = defineSignal('agentAvailable');
/** A department's timers changed; open tickets re-arm theirs at once. */
export const timingsChangedSignal = defineSignal<[TicketTimings]>('timingsChanged');
/**
 * SLA policies, calendars or automation rules changed: open tickets reload what applies to them and
 * recompute their due times from their own timeline, without restart.
 */
export const automationChangedSignal = defineSignal('automationChanged');
/** Agent actions are updates: the agent sees the new state, or why it was refused. */
export const agentReplyUpdate = defineUpdate<TicketState, [AgentReply]>('agentReply');
export const closeUpdate = defineUpdate<TicketState, [CloseTicket]>('close');
export const commandUpdate = defineUpdate<TicketState, [TicketCommand]>('command');
export const stateQuery = defineQuery<TicketState>('state');

/** The failure types an update is refused with; the API answers both with 409. */
export const REFUSED = 'TicketCommandRefused';
export const VERSION_CONFLICT = 'TicketVersionConflict';

export const ticketStatusSearchAttribute = defineSearchAttributeKey(
  'TicketStatus',
  SearchAttributeType.KEYWORD,
);
export const ticketGroupSearchAttribute = defineSearchAttributeKey('TicketGroupId', SearchAttributeType.INT);
export const ticketSearchAttributes = [ticketStatusSearchAttribute, ticketGroupSearchAttribute];

export const ticketWorkflowId = (ticketNumber: number) => `ticket-${ticketNumber}`;
