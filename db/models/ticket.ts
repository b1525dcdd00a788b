import { Model } from 'objection';
import type { SlaClock } from '../../workflows/domain/sla-clock';
import type { Priority, TicketChannel, TicketStatus } from '../../workflows/domain/ticket';

/** The read model of workflow `ticket-<number>`; only its activities write these rows. */
export class Ticket extends Model {
  static override tableName = 'tickets';
  static override idColumn = 'number';
  number!: number;
  brandId!: number;
  departmentId!: number;
  groupId!: number;
  customerId!: number;
  /** The owning agent; null while the ticket waits in its group's queue. */
  agentId!: number | null;
  subject!: string;
  channel!: TicketChannel;
  status!: TicketStatus;
  priority!: Priority;
  pinned!: boolean;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  closedAt!: Date | null;
  followUpAt!: Date | null;
  waitingSince!: Date | null;
  idleSince!: Date | null;
  idleWarningAt!: Date | null;
  idleCriticalAt!: Date | null;
  durationWarningAt!: Date | null;
  durationCriticalAt!: Date | null;
  organizationId!: number | null;
  customFields!: Record<string, string>;
  slaPolicyId!: number | null;
  slaPolicyVersion!: number | null;
  slaDueAt!: Date | null;
  firstResponseDueAt!: Date | null;
  nextResponseDueAt!: Date | null;
  resolutionDueAt!: Date | null;
  slaBreached!: boolean;
  /** The clocks as the workflow last computed them, instants in epoch ms. */
  sla!: SlaClock[];
}
