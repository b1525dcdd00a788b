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

/** Nothing is sent from browsers over the socket yet; commands go through HTTP. */
export type ClientToServerEvents = Record<string, never>;

export const rooms = {
  group: (id: number) => `group-${id}`,
  agent: (id: number) => `agent-${id}`,
  ticket: (ticketNumber: number) => `ticket-${ticketNumber}`,
};
