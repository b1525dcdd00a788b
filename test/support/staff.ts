import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Knex } from 'knex';

/** A fresh agent of their own for a test, a member (not yet receiving) of `groupIds`. */
export async function createAgent(
  knex: Knex,
  groupIds: number[],
): Promise<{ id: number; email: string; password: string }> {
  const email = `agent-${randomUUID()}@duradesk.test`;
  const password = 'test-agent';
  const [staff] = await knex('staff')
    .insert({ email, name: 'Test Agent', role: 'agent', passwordHash: await argon2.hash(password) })
    .returning('id');
  if (groupIds.length > 0)
    await knex('groupMembers').insert(groupIds.map((groupId) => ({ groupId, staffId: staff.id })));
  return { id: staff.id, email, password };
}
