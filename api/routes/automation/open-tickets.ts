import type { ApiDeps } from '../../deps';

/**
 * Tells every open ticket that policies, calendars or rules changed, so each reloads what applies to
 * it and recomputes its due times without restart. Signals are durable once accepted.
 */
export async function announceAutomationChange(deps: ApiDeps): Promise<void> {
  const open = await deps
    .knex('tickets')
    .whereNotIn('status', ['closed', 'closed-locked', 'deleted', 'spam'])
    .select('number');
  for (let start = 0; start < open.length; start += 50) {
    await Promise.all(
      open.slice(start, start + 50).map(({ number }) => deps.tickets.automationChanged(number)),
    );
  }
}
