import type { ApiDeps } from '../../deps';

/**
 * Tells every open ticket that policies, calendars or rules changed, so each reloads what applies to
 * it and recomputes its due times without restart. Called after the change is committed; the telling
 * is a workflow of its own (automation-change-<id>), so it completes even if this process dies.
 */
export async function announceAutomationChange(deps: ApiDeps): Promise<void> {
  await deps.tickets.announceAutomationChange();
}
