/** The side effects an event asks for beyond showing the new state: notices to staff and mail to customers. */
import type { TicketState } from './ticket';
import type { TicketEvent } from './ticket-events';

export type NoticeKind =
  | 'assigned'
  | 'escalated'
  | 'follow-up-due'
  | 'idle-warning'
  | 'idle-critical'
  | 'duration-warning'
  | 'duration-critical';

export type TicketEffect =
  | {
      type: 'notify';
      kind: NoticeKind;
      ticketNumber: number;
      groupId: number;
      staffId: number | null;
      note: string | null;
    }
  | { type: 'mailCustomer'; template: 'auto-close'; ticketNumber: number; customerId: number };

const alertKinds = {
  idleWarning: 'idle-warning',
  idleCritical: 'idle-critical',
  durationWarning: 'duration-warning',
  durationCritical: 'duration-critical',
} as const;

export function ticketEffects(before: TicketState, event: TicketEvent): TicketEffect[] {
  const ticket = { ticketNumber: before.number, groupId: before.groupId };
  switch (event.type) {
    case 'followUpDue': {
      const followUp = before.followUps.find((candidate) => candidate.id === event.followUpId);
      return [
        {
          type: 'notify',
          kind: 'follow-up-due',
          ...ticket,
          staffId: followUp?.agentId ?? null,
          note: followUp?.note ?? null,
        },
      ];
    }
    case 'assigned':
      return [{ type: 'notify', kind: 'assigned', ...ticket, staffId: event.agentId, note: null }];
    case 'transferred': {
      const kind = event.escalation ? 'escalated' : 'assigned';
      const to = { ticketNumber: before.number, groupId: event.to.groupId };
      return [{ type: 'notify', kind, ...to, staffId: event.to.agentId, note: null }];
    }
    case 'autoClosed':
      return [
        {
          type: 'mailCustomer',
          template: 'auto-close',
          ticketNumber: before.number,
          customerId: before.customerId,
        },
      ];
    case 'idleWarning':
    case 'idleCritical':
    case 'durationWarning':
    case 'durationCritical':
      return [{ type: 'notify', kind: alertKinds[event.type], ...ticket, staffId: null, note: null }];
    default:
      return [];
  }
}
