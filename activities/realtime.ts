import type { Emitter } from '@socket.io/postgres-emitter';
import { rooms, type ServerToClientEvents } from '../workflows/domain/realtime-events';
import type { TicketState } from '../workflows/domain/ticket';
import { toTicketView } from '../workflows/domain/ticket-view';

export interface RealtimeDeps {
  /** Publishes through PostgreSQL NOTIFY to the Socket.IO server of every API node. */
  emitter: Emitter<ServerToClientEvents>;
}

export function createRealtimeActivities({ emitter }: RealtimeDeps) {
  return {
    /** Tells the agents of the ticket's group, and anyone watching the ticket, that it changed. */
    async publishTicketUpdated(state: TicketState): Promise<void> {
      emitter
        .to([rooms.group(state.groupId), rooms.ticket(state.number)])
        .emit('ticket.updated', toTicketView(state));
    },
  };
}
