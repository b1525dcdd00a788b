import type { Knex } from 'knex';
import type { BroadcastTarget } from '../workflows/domain/broadcast';
import type { TicketStatus } from '../workflows/domain/ticket';

/** Statuses of tickets out of the agents' way (closed or removed): no broadcast reaches them. */
export const DORMANT_STATUSES: readonly TicketStatus[] = ['closed', 'closed-locked', 'deleted', 'spam'];

/**
 * One page of a broadcast's targets: numbers after `after`, ascending. Ticket numbers are taken in
 * opening order, so queued tickets come oldest first.
 */
export async function ticketNumbersOf(
  knex: Knex,
  target: BroadcastTarget,
  after: number,
  limit: number,
): Promise<number[]> {
  const query = knex('tickets')
    .where('number', '>', after)
    .whereNotIn('status', DORMANT_STATUSES)
    .orderBy('number')
    .limit(limit);
  if (target.kind === 'openInDepartment') query.where('departmentId', target.departmentId);
  if (target.kind === 'queuedInGroups') query.whereIn('groupId', target.groupIds).whereNull('agentId');
  const rows: { number: number }[] = await query.select('number');
  return rows.map((row) => row.number);
}
