import { WorkflowNotFoundError } from '@temporalio/client';
import type { ApiDeps } from '../../deps';

const CLOSED = ['closed', 'closed-locked', 'deleted', 'spam'];

/**
 * Tells every open ticket that policies, calendars or rules changed, so each reloads what applies to
 * it and recomputes its due times without restart. Signals are durable once accepted. Runs after the
 * change is committed: a ticket whose workflow has already ended has nothing to recompute, so it must
 * not turn the saved change into an error.
 */
export async function announceAutomationChange(deps: ApiDeps): Promise<void> {
  const open = await deps.knex('tickets').whereNotIn('status', CLOSED).select('number');
  for (let start = 0; start < open.length; start += 50) {
    await Promise.all(
      open.slice(start, start + 50).map(({ number }) =>
        deps.tickets.automationChanged(number).catch((error) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          deps.log.warn({ ticket: number }, 'open ticket without a running workflow: not told of the change');
        }),
      ),
    );
  }
}
