import { computeSla, type SlaClock } from './sla-clock';
import {
  type Priority,
  type TicketChannel,
  type TicketState,
  type TicketStatus,
  upgradeState,
} from './ticket';

/** An SLA clock with instants as ISO strings (SLA.md "What each clock reports"). */
export interface SlaClockView
  extends Omit<SlaClock, 'startedAt' | 'dueAt' | 'warningAt' | 'fulfilledAt' | 'breachedAt'> {
  startedAt: string | null;
  dueAt: string | null;
  warningAt: string | null;
  fulfilledAt: string | null;
  breachedAt: string | null;
}

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
  organizationId: number | null;
  customFields: Record<string, string>;
  /** The SLA policy version the ticket runs under, or null when none applies. */
  slaPolicy: { id: number; version: number } | null;
  /** The earliest due instant among running, unbreached SLA targets. */
  slaDueAt: string | null;
  slaBreached: boolean;
  sla: SlaClockView[];
}

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

export function slaClockView(clock: SlaClock): SlaClockView {
  return {
    ...clock,
    startedAt: iso(clock.startedAt),
    dueAt: iso(clock.dueAt),
    warningAt: iso(clock.warningAt),
    fulfilledAt: iso(clock.fulfilledAt),
    breachedAt: iso(clock.breachedAt),
  };
}

/** The ticket as of `now`: its SLA clocks are computed for that instant. */
export function toTicketView(carried: TicketState, now: number = Date.now()): TicketView {
  const state = upgradeState(carried);
  const { applied } = state.sla;
  const sla = computeSla(state.timeline, applied, state.sla.given, now);
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
    organizationId: state.organizationId,
    customFields: state.customFields,
    slaPolicy: applied && { id: applied.policyId, version: applied.version },
    slaDueAt: iso(sla.dueAt),
    slaBreached: sla.breached,
    sla: sla.clocks.map(slaClockView),
  };
}
