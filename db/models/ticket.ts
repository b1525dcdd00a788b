import { Model } from 'objection';
import type { TicketChannel, TicketStatus } from '../../workflows/domain/ticket';

/** The read model of workflow `ticket-<number>`; only its activities write these rows. */
export class Ticket extends Model {
  static override tableName = 'tickets';
  static override idColumn = 'number';
  number!: number;
  brandId!: number;
  departmentId!: number;
  groupId!: number;
  customerId!: number;
  subject!: string;
  channel!: TicketChannel;
  status!: TicketStatus;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  closedAt!: Date | null;
}
