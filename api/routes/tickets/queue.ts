import type { Knex } from 'knex';
import { findQueue, type Queue } from '../../../db/departments';
import { validationProblem } from '../../errors';
import type { Viewer } from '../../sessions';

const invalid = (field: string, detail: string, message: string) =>
  validationProblem(detail, [{ path: `body.${field}`, message }]);

/**
 * Where a new ticket goes: the given group, or the department's first; managers open tickets only in
 * their departments, agents only in their own groups.
 */
export async function resolveQueue(
  knex: Knex,
  request: { departmentId: number; groupId?: number | undefined },
  viewer: Viewer,
): Promise<Queue> {
  const found = await findQueue(knex, request);
  if ('problem' in found) {
    switch (found.problem) {
      case 'unknown-department':
        throw invalid(
          'departmentId',
          `departmentId ${request.departmentId} does not exist.`,
          'does not exist',
        );
      case 'group-not-in-department':
        throw invalid(
          'groupId',
          `groupId ${request.groupId} is not a group of department ${request.departmentId}.`,
          'not in this department',
        );
      case 'no-groups':
        throw invalid(
          'departmentId',
          `Department ${request.departmentId} has no groups to take tickets.`,
          'has no groups',
        );
    }
  }
  const { queue } = found;
  if (viewer.role === 'manager' && !viewer.departmentIds.includes(queue.departmentId)) {
    throw invalid(
      'departmentId',
      `You manage no department ${queue.departmentId}.`,
      'not one of your departments',
    );
  }
  if (viewer.role === 'agent' && !viewer.groupIds.includes(queue.groupId)) {
    throw invalid(
      'groupId',
      `You can open tickets only in your own groups; group ${queue.groupId} is not one.`,
      'not one of your groups',
    );
  }
  return queue;
}
