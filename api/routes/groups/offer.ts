import { WorkflowNotFoundError } from '@temporalio/client';
import type { ApiDeps } from '../../deps';

/** How many queued tickets one availability change offers at most; the rest wait for the next one. */
const OFFER_LIMIT = 100;

/**
 * Tells the queued (unassigned, open) tickets of `groupIds` that an agent became available; each
 * ticket workflow runs its group's distribution again, oldest ticket first.
 */
export async function offerQueuedTickets(
  deps: Pick<ApiDeps, 'knex' | 'tickets'>,
  groupIds: number[],
): Promise<number> {
  if (groupIds.length === 0) return 0;
  const queued: { number: number }[] = await deps
    .knex('tickets')
    .whereIn('groupId', groupIds)
    .whereNull('agentId')
    .whereIn('status', ['active', 'waiting', 'follow-up'])
    .orderBy('createdAt')
    .limit(OFFER_LIMIT)
    .select('number');
  // One at a time: each offer takes an agent in turn, so concurrent offers would only race for the same one.
  for (const { number } of queued) {
    // A ticket whose workflow is gone (its history expired) cannot take an agent; the rest still can.
    await deps.tickets.agentAvailable(number).catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    });
  }
  return queued.length;
}
