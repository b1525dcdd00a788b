/** The side effects an event asks for beyond showing the new state: notices to staff and mail to customers. */
import type { RuleCause } from './automation-rule';
import type { SlaVerdict } from './sla-clock';
import type { TicketState } from './ticket';
import type { TicketEvent } from './ticket-events';

export type NoticeKind =
  | 'assigned'
  | 'escalated'
  | 'follow-up-due'
  | 'idle-warning'
  | 'idle-critical'
  | 'duration-warning'
  | 'duration-critical'
  | 'sla-warning'
  | 'sla-breached'
  | 'rule'
  /** The ticket met data it could not store as given (see bad-data.ts); its managers are told. */
  | 'problem';

export type TicketEffect =
  | {
      type: 'notify';
      kind: NoticeKind;
      ticketNumber: number;
      groupId: number;
      staffId: number | null;
      note: string | null;
      /** Set to reach the managers of this department instead of the agent or group. */
      managersOf?: number;
      /** Also queue an email to each person notified. */
      email?: boolean;
      cause?: RuleCause;
    }
  | {
      type: 'mailCustomer';
      template: 'auto-close' | 'rule';
      ticketNumber: number;
      customerId: number;
      subject?: string;
      body?: string;
      cause?: RuleCause;
    };

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

const targetNames = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
};

/** Notices of SLA warnings and breaches: to the owner, or the group while nobody owns the ticket. */
export function slaEffects(state: TicketState, verdicts: readonly SlaVerdict[]): TicketEffect[] {
  return verdicts
    .filter((verdict) => verdict.kind !== 'achieved')
    .map((verdict) => ({
      type: 'notify',
      kind: verdict.kind === 'warned' ? 'sla-warning' : 'sla-breached',
      ticketNumber: state.number,
      groupId: state.groupId,
      staffId: state.agentId,
      note: `${targetNames[verdict.target]} ${verdict.kind === 'warned' ? 'due soon' : 'breached'} (cycle ${verdict.cycle})`,
    }));
}

export const NOTICE_KINDS = [
  'assigned',
  'escalated',
  'follow-up-due',
  'idle-warning',
  'idle-critical',
  'duration-warning',
  'duration-critical',
  'sla-warning',
  'sla-breached',
  'rule',
  'problem',
] as const satisfies readonly NoticeKind[];

/** How a staff member wants notices: in-app always; by email if `email`, for `kinds` and when a rule asks. */
export interface NotificationProfile {
  email: boolean;
  kinds: NoticeKind[];
}

export const emailsNotice = (profile: NotificationProfile, kind: NoticeKind, ruleAsks: boolean) =>
  profile.email && (ruleAsks || profile.kinds.includes(kind));
