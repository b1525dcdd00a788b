import type { Knex } from 'knex';
import { departmentTimings } from '../../../db/departments';
import { findGroup, firstGroupOf, isMember } from '../../../db/groups';
import type { TransferTarget } from '../../../workflows/domain/ticket-events';
import { validationProblem } from '../../errors';

const invalid = (field: string, detail: string) =>
  validationProblem(detail, [{ path: `body.${field}`, message: detail }]);

/**
 * Where a transfer sends a ticket. A department means its first group; a group, that group with no
 * agent (its distribution picks one); an agent, that agent in the given group or, without one, in the
 * ticket's current group, of which they must be a member.
 */
export async function resolveTransfer(
  knex: Knex,
  ticket: { departmentId: number; groupId: number },
  request: { agentId?: number | undefined; groupId?: number | undefined; departmentId?: number | undefined },
): Promise<TransferTarget> {
  let group: { id: number; departmentId: number } | undefined;
  if (request.groupId !== undefined) {
    group = await findGroup(knex, request.groupId);
    if (!group) throw invalid('groupId', `Group ${request.groupId} does not exist.`);
    if (request.departmentId !== undefined && group.departmentId !== request.departmentId) {
      throw invalid('groupId', `Group ${request.groupId} is not in department ${request.departmentId}.`);
    }
  } else if (request.departmentId !== undefined) {
    group = await firstGroupOf(knex, request.departmentId);
    if (!group)
      throw invalid('departmentId', `Department ${request.departmentId} does not exist or has no groups.`);
  } else {
    group = { id: ticket.groupId, departmentId: ticket.departmentId };
  }

  if (request.agentId !== undefined) {
    if (!(await isMember(knex, group.id, request.agentId)))
      throw invalid('agentId', `Agent ${request.agentId} is not a member of group ${group.id}.`);
  }
  const departmentChanges = group.departmentId !== ticket.departmentId;
  return {
    departmentId: group.departmentId,
    groupId: group.id,
    agentId: request.agentId ?? null,
    timings: departmentChanges ? await departmentTimings(knex, group.departmentId) : null,
  };
}
