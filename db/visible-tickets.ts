import type { StaffRole } from '../workflows/domain/staff-role';
import { Ticket } from './models/ticket';

/** Who reads tickets: enough of a logged-in staff member to decide what they may see. */
export interface TicketReader {
  id: number;
  role: StaffRole;
  groupIds: number[];
  departmentIds: number[];
}

/** Agents see the tickets of their groups, managers those of their departments; admins and auditors all. */
export function visibleTo(reader: TicketReader) {
  const query = Ticket.query();
  if (reader.role === 'agent') return query.whereIn('groupId', reader.groupIds);
  if (reader.role === 'manager') return query.whereIn('departmentId', reader.departmentIds);
  return query;
}
