import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * A department of its own for a test, with one group whose members are the given staff, so tests that
 * change department timers do not touch each other's tickets.
 */
export async function createDepartment(
  knex: Knex,
  memberEmails: string[],
): Promise<{ departmentId: number; groupId: number }> {
  const brand = await knex('brands').first('id');
  const [department] = await knex('departments')
    .insert({ brandId: brand.id, name: `Test ${randomUUID()}` })
    .returning('id');
  const [group] = await knex('groups')
    .insert({ departmentId: department.id, name: 'Level 1' })
    .returning('id');
  const staff = await knex('staff').whereIn('email', memberEmails).select('id');
  // The demo manager manages every department, as the seed does for Support and Sales.
  const manager = await knex('staff').where({ email: 'manager@duradesk.test' }).first('id');
  await knex('departmentManagers').insert({ departmentId: department.id, staffId: manager.id });
  if (staff.length > 0)
    await knex('groupMembers').insert(staff.map(({ id }) => ({ groupId: group.id, staffId: id })));
  return { departmentId: department.id, groupId: group.id };
}
