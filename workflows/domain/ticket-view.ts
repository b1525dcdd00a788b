import type { Priority, TicketChannel, TicketState, TicketStatus } from './ticket';

/** A ticket as the API, the read model and browsers see it. */
export interface TicketView {
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  pinned: boolean;
  channel: TicketChannel;
  brandId: number;
  departmentId: number;
  groupId: number;
  customerId: number;
  agentId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The earliest pending follow-up. */
  followUpAt: string | null;
  idleWarningAt: string | null;
  idleCriticalAt: string | null;
  durationWarningAt: string | null;
  durationCriticalAt: string | null;
}

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

export function toTicketView(state: TicketState): TicketView {
  return {
    number: state.number,
    subject: state.subject,
    status: state.status,
    priority: state.priority,
    pinned: state.pinned,
    channel: state.channel,
    brandId: state.brandId,
    departmentId: state.departmentId,
    groupId: state.groupId,
    customerId: state.customerId,
    agentId: state.agentId,
    version: state.version,
    createdAt: new Date(state.createdAt).toISOString(),
    updatedAt: new Date(state.updatedAt).toISOString(),
    closedAt: iso(state.closedAt),
    followUpAt: iso(state.followUps[0]?.dueAt ?? null),
    idleWarningAt: iso(state.alerts.idleWarningAt),
    idleCriticalAt: iso(state.alerts.idleCriticalAt),
    durationWarningAt: iso(state.alerts.durationWarningAt),
    durationCriticalAt: iso(state.alerts.durationCriticalAt),
  };
}
