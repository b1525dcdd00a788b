import type { TicketView } from './ticket-view';

/** Events the server pushes to browsers; rooms are `<kind>-<id>` (group-3, agent-7, ticket-42). */
export interface ServerToClientEvents {
  'ticket.updated': (ticket: TicketView) => void;
}

/** Nothing is sent from browsers over the socket yet; commands go through HTTP. */
export type ClientToServerEvents = Record<string, never>;

export const rooms = {
  group: (id: number) => `group-${id}`,
  agent: (id: number) => `agent-${id}`,
  ticket: (ticketNumber: number) => `ticket-${ticketNumber}`,
};
