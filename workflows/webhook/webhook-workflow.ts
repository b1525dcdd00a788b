import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WebhookDelivery } from '../domain/webhook';

/**
 * Retries a receiver that is down with backoff for about a day (1 s doubling to 1 h), outside the
 * ticket's workflow so a slow receiver never holds the ticket up.
 */
const { deliverWebhook } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h', maximumAttempts: 30 },
});

export async function webhookDeliveryWorkflow(delivery: WebhookDelivery): Promise<void> {
  await deliverWebhook(delivery);
}
