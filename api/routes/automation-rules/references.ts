import type { Knex } from 'knex';
import { missingReferences, type Reference } from '../../../db/references';
import { invalidBecause } from '../../errors';
import { referencedIds } from '../../schema/conditions';
import type { RuleBody } from './schema';

/**
 * 400 naming what a rule refers to that does not exist: ids in its conditions, agents and groups it
 * notifies, where it transfers to (an agent must be a member of the group, a group in the department).
 */
export async function checkRuleReferences(knex: Knex, body: RuleBody): Promise<void> {
  const references: Reference[] = referencedIds(body.conditions).map((reference) => ({
    ...reference,
    path: 'body.conditions',
  }));
  body.actions.forEach((action, index) => {
    const path = `body.actions.${index}`;
    if (action.type === 'notify' && 'agentId' in action.to)
      references.push({ field: 'agent', id: action.to.agentId, path });
    if (action.type === 'notify' && 'groupId' in action.to)
      references.push({ field: 'group', id: action.to.groupId, path });
    if (action.type === 'transfer') {
      if (action.departmentId) references.push({ field: 'department', id: action.departmentId, path });
      if (action.groupId) references.push({ field: 'group', id: action.groupId, path });
      if (action.agentId) references.push({ field: 'agent', id: action.agentId, path });
    }
  });
  const missing = await missingReferences(knex, references);
  if (missing.length > 0) throw invalidBecause(missing);

  const errors: { path: string; message: string }[] = [];
  for (const [index, action] of body.actions.entries()) {
    if (action.type !== 'transfer') continue;
    const path = `body.actions.${index}`;
    if (action.groupId && action.departmentId) {
      const group = await knex('groups').where({ id: action.groupId }).first('departmentId');
      if (group.departmentId !== action.departmentId)
        errors.push({
          path,
          message: `Group ${action.groupId} is not in department ${action.departmentId}.`,
        });
    }
    if (action.agentId && action.groupId) {
      const member = await knex('groupMembers')
        .where({ groupId: action.groupId, staffId: action.agentId })
        .first();
      if (!member)
        errors.push({ path, message: `Agent ${action.agentId} is not a member of group ${action.groupId}.` });
    }
  }
  if (errors.length > 0) throw invalidBecause(errors);
}
