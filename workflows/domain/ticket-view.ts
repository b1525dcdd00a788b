import type { TicketChannel, TicketState, TicketStatus } from './ticket';

/** A ticket as the API, the read model and browsers see it. */
export interface TicketView {
  number: number;
  subject: string;
  status: TicketStatus;
  channel: TicketChannel;
  brandId: number;
  departmentId: number;
  groupId: number;
  customerId: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export function toTicketView(state: TicketState): TicketView {
  return {
    number: state.number,
    subject: state.subject,
    status: state.status,
    channel: state.channel,
    brandId: state.brandId,
    departmentId: state.departmentId,
    groupId: state.groupId,
    customerId: state.customerId,
    version: state.version,
    createdAt: new Date(state.createdAt).toISOString(),
    updatedAt: new Date(state.updatedAt).toISOString(),
    closedAt: state.closedAt === null ? null : new Date(state.closedAt).toISOString(),
  };
}
