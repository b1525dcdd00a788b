/**
 * The ticket workflow's contract: the names recorded in history and the payloads callers send.
 * The API and temporal/commands import this file, never the workflow body.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OpenTicket, ReplyStatus, TicketState } from '../domain/ticket';

export interface TicketWorkflowInput {
  ticket: OpenTicket;
  /** Set when the run continues as new with the state it had. */
  carried?: TicketState;
}

export interface CustomerReply {
  messageId: string;
}

export interface AgentReply {
  messageId: string;
  agentId: number;
  status: ReplyStatus;
}

export interface CloseTicket {
  agentId: number;
}

/** Sent with update-with-start when the ticket is created; answers once the read model has the ticket. */
export const openUpdate = defineUpdate<TicketState>('open');
/** Customer and mail events are signals: the sender does not wait for an answer. */
export const customerRepliedSignal = defineSignal<[CustomerReply]>('customerReplied');
/** Agent actions are updates: the agent sees the new state, or why it was refused. */
export const agentReplyUpdate = defineUpdate<TicketState, [AgentReply]>('agentReply');
export const closeUpdate = defineUpdate<TicketState, [CloseTicket]>('close');
export const stateQuery = defineQuery<TicketState>('state');

export const ticketStatusSearchAttribute = defineSearchAttributeKey(
  'TicketStatus',
  SearchAttributeType.KEYWORD,
);
export const ticketGroupSearchAttribute = defineSearchAttributeKey('TicketGroupId', SearchAttributeType.INT);
export const ticketSearchAttributes = [ticketStatusSearchAttribute, ticketGroupSearchAttribute];

export const ticketWorkflowId = (ticketNumber: number) => `ticket-${ticketNumber}`;
