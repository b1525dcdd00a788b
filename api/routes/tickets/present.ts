import type { Message } from '../../../db/models/message';
import type { Ticket } from '../../../db/models/ticket';
import type { TicketView } from '../../../workflows/domain/ticket-view';

export function presentTicket(ticket: Ticket): TicketView {
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    channel: ticket.channel,
    brandId: ticket.brandId,
    departmentId: ticket.departmentId,
    groupId: ticket.groupId,
    customerId: ticket.customerId,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    closedAt: ticket.closedAt?.toISOString() ?? null,
  };
}

export function presentMessage(message: Message) {
  return {
    id: message.id,
    kind: message.kind,
    staffId: message.staffId,
    customerId: message.customerId,
    body: message.body,
    createdAt: message.createdAt.toISOString(),
  };
}
