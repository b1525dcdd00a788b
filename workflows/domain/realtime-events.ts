import type { NoticeKind } from './ticket-effects';
import type { TicketView } from './ticket-view';

/** A notice to staff: a follow-up came due, a ticket crossed an idle or duration threshold. */
export interface NoticeView {
  id: number;
  kind: NoticeKind;
  ticketNumber: number;
  groupId: number;
  /** The agent it is for; null: the whole group. */
  staffId: number | null;
  note: string | null;
  createdAt: string;
}

/** Events the server pushes to browsers; rooms are `<kind>-<id>` (group-3, agent-7, ticket-42). */
export interface ServerToClientEvents {
  'ticket.updated': (ticket: TicketView) => void;
  'notice.created': (notice: NoticeView) => void;
}

/** Acks answer `{ data }` or `{ error }`. */
export type Ack<T> = (answer: { data: T } | { error: string }) => void;

/** Requests browsers send; commands themselves go through HTTP. */
export interface ClientToServerEvents {
  /** Follow one ticket's changes (its room), if the viewer may see it. */
  'ticket.watch': (ticketNumber: number, ack: Ack<true>) => void;
  'ticket.unwatch': (ticketNumber: number) => void;
}

export const rooms = {
  group: (id: number) => `group-${id}`,
  agent: (id: number) => `agent-${id}`,
  department: (id: number) => `department-${id}`,
  ticket: (ticketNumber: number) => `ticket-${ticketNumber}`,
};
