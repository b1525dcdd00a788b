import { createAutomationActivities } from './automation';
import { failFastOnBadData } from './bad-data';
import { createDistributionActivities } from './distribution';
import { createRealtimeActivities, type RealtimeDeps } from './realtime';
import { createTicketEffectActivities } from './ticket-effects';
import { createTicketReadModelActivities, type TicketReadModelDeps } from './ticket-read-model';
import { createWebhookActivities, type WebhookDeps } from './webhooks';

export type ActivityDeps = TicketReadModelDeps & RealtimeDeps & WebhookDeps;

/**
 * Every activity the worker registers, built once over the process's dependencies; a failure caused by
 * an activity's input fails it at once as `BadData` (see bad-data.ts) instead of retrying forever.
 */
export function createActivities(deps: ActivityDeps) {
  return failFastOnBadData({
    ...createTicketReadModelActivities(deps),
    ...createDistributionActivities(deps),
    ...createRealtimeActivities(deps),
    ...createTicketEffectActivities(deps),
    ...createAutomationActivities(deps),
    ...createWebhookActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
