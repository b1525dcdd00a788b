/**
 * The instants SLA clocks are computed from (SLA.md rule 15: due times are recomputed from the ticket's
 * own recorded timeline). Marks are appended in the order events are applied (rule 16).
 */
import type { TicketChannel, TicketStatus } from './ticket';

export type TimelineMark =
  | { type: 'opened'; at: number; byCustomer: boolean; status: TicketStatus }
  | { type: 'status'; at: number; status: TicketStatus }
  | { type: 'customerMessage'; at: number }
  | { type: 'agentReply'; at: number };

/** A ticket an agent opens with an outbound message has no first-response clock (rule 9). */
export const openedByCustomer = (channel: TicketChannel) => channel !== 'agent';

export const agentReplyCount = (timeline: readonly TimelineMark[]) =>
  timeline.filter((mark) => mark.type === 'agentReply').length;
