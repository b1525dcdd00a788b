import type { Emitter } from '@socket.io/postgres-emitter';
import { rooms, type ServerToClientEvents } from '../workflows/domain/realtime-events';
import type { TicketState } from '../workflows/domain/ticket';
import { toTicketView } from '../workflows/domain/ticket-view';

export interface RealtimeDeps {
  /** Publishes through PostgreSQL NOTIFY to the Socket.IO server of every API node. */
  emitter: Emitter<ServerToClientEvents>;
}

/** Who hears of a ticket's change: its group, its department's managers, its owner, and its watchers. */
function ticketRooms(state: TicketState): string[] {
  const owner = state.agentId === null ? [] : [rooms.agent(state.agentId)];
  return [
    rooms.group(state.groupId),
    rooms.department(state.departmentId),
    rooms.ticket(state.number),
    ...owner,
  ];
}

export function createRealtimeActivities({ emitter }: RealtimeDeps) {
  return {
    /** Tells everyone who follows the ticket that it changed. */
    async publishTicketUpdated(state: TicketState): Promise<void> {
      emitter.to(ticketRooms(state)).emit('ticket.updated', toTicketView(state));
    },
  };
}
