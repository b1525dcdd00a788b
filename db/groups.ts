import type { Knex } from 'knex';

export type Distribution = 'round-robin' | 'fewest-open' | 'none';

export interface GroupRow {
  id: number;
  departmentId: number;
  name: string;
  distribution: Distribution;
}

export function findGroup(knex: Knex, groupId: number): Promise<GroupRow | undefined> {
  return knex('groups').where({ id: groupId }).first('id', 'departmentId', 'name', 'distribution');
}

/** The department's first group, where a ticket sent to the department goes. */
export function firstGroupOf(
  knex: Knex,
  departmentId: number,
): Promise<{ id: number; departmentId: number } | undefined> {
  return knex('groups').where({ departmentId }).orderBy('position').orderBy('id').first('id', 'departmentId');
}

export async function setDistribution(knex: Knex, groupId: number, method: Distribution): Promise<void> {
  await knex('groups').where({ id: groupId }).update({ distribution: method });
}

export async function isMember(knex: Knex, groupId: number, staffId: number): Promise<boolean> {
  return (await knex('groupMembers').where({ groupId, staffId }).first('staffId')) !== undefined;
}

/** Whether the staff member receives the group's tickets; null when not a member. */
export async function receivingOf(knex: Knex, groupId: number, staffId: number): Promise<boolean | null> {
  const membership = await knex('groupMembers').where({ groupId, staffId }).first('receiving');
  return membership?.receiving ?? null;
}

/** Starts or stops a member receiving the group's tickets; false when not a member. */
export async function setReceiving(
  knex: Knex,
  groupId: number,
  staffId: number,
  receiving: boolean,
): Promise<boolean> {
  return (await knex('groupMembers').where({ groupId, staffId }).update({ receiving })) > 0;
}

export async function anyoneReceiving(knex: Knex, groupId: number): Promise<boolean> {
  return (await knex('groupMembers').where({ groupId, receiving: true }).first('staffId')) !== undefined;
}

/** The groups whose tickets the staff member receives. */
export async function receivingGroupIds(knex: Knex, staffId: number): Promise<number[]> {
  const rows: { groupId: number }[] = await knex('groupMembers')
    .where({ staffId, receiving: true })
    .select('groupId');
  return rows.map((row) => row.groupId);
}
