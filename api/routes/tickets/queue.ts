import type { Knex } from 'knex';
import { validationProblem } from '../../errors';
import type { Viewer } from '../../sessions';

export interface Queue {
  brandId: number;
  departmentId: number;
  groupId: number;
}

const invalid = (field: string, detail: string, message: string) =>
  validationProblem(detail, [{ path: `body.${field}`, message }]);

/**
 * Where a new ticket goes: the given group, or the department's first; agents open tickets only in
 * their own groups.
 */
export async function resolveQueue(
  knex: Knex,
  request: { departmentId: number; groupId?: number | undefined },
  viewer: Viewer,
): Promise<Queue> {
  const department = await knex('departments').where({ id: request.departmentId }).first('id', 'brandId');
  if (!department) {
    throw invalid('departmentId', `departmentId ${request.departmentId} does not exist.`, 'does not exist');
  }
  const groups = knex('groups').where({ departmentId: department.id });
  const group = await (request.groupId
    ? groups.andWhere({ id: request.groupId })
    : groups.orderBy('position')
  ).first('id');
  if (!group) {
    throw request.groupId
      ? invalid(
          'groupId',
          `groupId ${request.groupId} is not a group of department ${department.id}.`,
          'not in this department',
        )
      : invalid(
          'departmentId',
          `Department ${department.id} has no groups to take tickets.`,
          'has no groups',
        );
  }
  if (viewer.role === 'manager' && !viewer.departmentIds.includes(department.id)) {
    throw invalid(
      'departmentId',
      `You manage no department ${department.id}.`,
      'not one of your departments',
    );
  }
  if (viewer.role === 'agent' && !viewer.groupIds.includes(group.id)) {
    throw invalid(
      'groupId',
      `You can open tickets only in your own groups; group ${group.id} is not one.`,
      'not one of your groups',
    );
  }
  return { brandId: department.brandId, departmentId: department.id, groupId: group.id };
}
