import type { Knex } from 'knex';

export interface DistributionDeps {
  knex: Knex;
}

/** Open tickets an agent is working on; fewest-open compares these. */
const WORKING = ['active', 'waiting', 'follow-up'];

export function createDistributionActivities({ knex }: DistributionDeps) {
  return {
    /**
     * The agent a ticket of `groupId` goes to now, by the group's method, or null (no agent is
     * receiving and logged in, or the group works as a queue). The group row is locked so concurrent
     * tickets take turns; the answer is recorded in the ticket's history, so replay never asks again.
     */
    async chooseAgent(groupId: number): Promise<number | null> {
      return knex.transaction(async (trx) => {
        const group = await trx('groups')
          .where({ id: groupId })
          .forUpdate()
          .first('distribution', 'lastAssignedStaffId');
        if (!group || group.distribution === 'none') return null;
        const candidates: number[] = (
          await trx('groupMembers')
            .where({ groupId, receiving: true })
            .whereExists((sessions) =>
              sessions
                .from('sessions')
                .whereRaw('sessions.staff_id = group_members.staff_id')
                .andWhere('sessions.expiresAt', '>', trx.fn.now()),
            )
            .orderBy('staffId')
            .select('staffId')
        ).map((row: { staffId: number }) => row.staffId);
        if (candidates.length === 0) return null;

        // Round robin: the next agent after the last one served; fewest-open breaks ties the same way.
        const after = group.lastAssignedStaffId ?? 0;
        const inTurn = [...candidates.filter((id) => id > after), ...candidates.filter((id) => id <= after)];
        let chosen = inTurn[0]!;
        if (group.distribution === 'fewest-open') {
          const loads = await trx('tickets')
            .whereIn('agentId', candidates)
            .whereIn('status', WORKING)
            .groupBy('agentId')
            .select('agentId')
            .count({ open: '*' });
          const load = new Map(
            loads.map((row) => [Number((row as { agentId: number }).agentId), Number(row.open)]),
          );
          chosen = inTurn.reduce(
            (best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best),
            chosen,
          );
        }
        await trx('groups').where({ id: groupId }).update({ lastAssignedStaffId: chosen });
        return chosen;
      });
    },
  };
}
