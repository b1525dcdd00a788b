import type { Message } from '../../../db/models/message';
import type { Ticket } from '../../../db/models/ticket';
import { slaClockView, type TicketView } from '../../../workflows/domain/ticket-view';

const iso = (instant: Date | null) => instant?.toISOString() ?? null;

export function presentTicket(ticket: Ticket): TicketView {
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    pinned: ticket.pinned,
    channel: ticket.channel,
    brandId: ticket.brandId,
    departmentId: ticket.departmentId,
    groupId: ticket.groupId,
    customerId: ticket.customerId,
    agentId: ticket.agentId,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    closedAt: iso(ticket.closedAt),
    followUpAt: iso(ticket.followUpAt),
    idleWarningAt: iso(ticket.idleWarningAt),
    idleCriticalAt: iso(ticket.idleCriticalAt),
    durationWarningAt: iso(ticket.durationWarningAt),
    durationCriticalAt: iso(ticket.durationCriticalAt),
    organizationId: ticket.organizationId,
    customFields: ticket.customFields,
    slaPolicy:
      ticket.slaPolicyId === null ? null : { id: ticket.slaPolicyId, version: ticket.slaPolicyVersion! },
    slaDueAt: iso(ticket.slaDueAt),
    slaBreached: ticket.slaBreached,
    sla: ticket.sla.map(slaClockView),
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
