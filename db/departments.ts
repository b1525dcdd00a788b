import type { Knex } from 'knex';
import type { ReplyStatus } from '../workflows/domain/ticket';
import { noTimings, type TicketTimings } from '../workflows/domain/ticket-timings';

/** Where a ticket sits: its brand, department and group. */
export interface Queue {
  brandId: number;
  departmentId: number;
  groupId: number;
}

/** Why a department (and group) cannot take a new ticket. */
export type NoQueue = 'unknown-department' | 'group-not-in-department' | 'no-groups';

/**
 * The queue a new ticket of `departmentId` goes to: the given group, or the department's first.
 * Who may open tickets there is the caller's to decide.
 */
export async function findQueue(
  knex: Knex,
  request: { departmentId: number; groupId?: number | undefined },
): Promise<{ queue: Queue } | { problem: NoQueue }> {
  const department = await knex('departments').where({ id: request.departmentId }).first('id', 'brandId');
  if (!department) return { problem: 'unknown-department' };
  const groups = knex('groups').where({ departmentId: department.id });
  const group = await (request.groupId !== undefined
    ? groups.andWhere({ id: request.groupId })
    : groups.orderBy('position')
  ).first('id');
  if (!group) return { problem: request.groupId !== undefined ? 'group-not-in-department' : 'no-groups' };
  return { queue: { brandId: department.brandId, departmentId: department.id, groupId: group.id } };
}

export async function departmentExists(knex: Knex, departmentId: number): Promise<boolean> {
  return (await knex('departments').where({ id: departmentId }).first('id')) !== undefined;
}

/** A department's ticket timers as stored (milliseconds); unset ones are off. */
export async function departmentTimings(knex: Knex, departmentId: number): Promise<TicketTimings> {
  const row = await knex('departments').where({ id: departmentId }).first('ticketTimings');
  return { ...noTimings, ...(row?.ticketTimings ?? {}) };
}

/** Stores the department's timers; false when there is no such department. */
export async function setDepartmentTimings(
  knex: Knex,
  departmentId: number,
  timings: TicketTimings,
): Promise<boolean> {
  return (await knex('departments').where({ id: departmentId }).update({ ticketTimings: timings })) > 0;
}

/** The status an agent reply leaves a ticket in when the agent does not say. */
export async function defaultReplyStatus(knex: Knex, departmentId: number): Promise<ReplyStatus> {
  const row = await knex('departments').where({ id: departmentId }).first('defaultReplyStatus');
  return row?.defaultReplyStatus ?? 'waiting';
}

/** False when there is no such department. */
export async function setDefaultReplyStatus(
  knex: Knex,
  departmentId: number,
  status: ReplyStatus,
): Promise<boolean> {
  const updated = await knex('departments')
    .where({ id: departmentId })
    .update({ defaultReplyStatus: status });
  return updated > 0;
}
