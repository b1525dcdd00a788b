import { createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { WebhookDelivery } from '../workflows/domain/webhook';

export interface WebhookDeps {
  knex: Knex;
}

/** Statuses worth retrying: the receiver may recover; any other 4xx will answer the same next time. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export function createWebhookActivities({ knex }: WebhookDeps) {
  return {
    /**
     * POSTs the payload, signed with the rule's secret: `X-Duradesk-Signature: sha256=<hex HMAC of
     * "<timestamp>.<body>">`. Throws on failure so Temporal retries with backoff; the delivery row keeps
     * attempts and the last answer for the manager.
     */
    async deliverWebhook(delivery: WebhookDelivery): Promise<void> {
      await knex('webhookDeliveries')
        .insert({
          deliveryKey: delivery.key,
          ruleId: delivery.ruleId,
          ruleVersion: delivery.ruleVersion,
          ticketNumber: delivery.ticketNumber,
          url: delivery.url,
          payload: JSON.stringify(delivery.payload),
        })
        .onConflict('deliveryKey')
        .ignore();
      const done = await knex('webhookDeliveries').where({ deliveryKey: delivery.key }).first('deliveredAt');
      if (done?.deliveredAt) return;
      const rule = await knex('automationRules').where({ id: delivery.ruleId }).first('webhookSecret');
      if (!rule) throw ApplicationFailure.nonRetryable(`Rule ${delivery.ruleId} no longer exists.`);

      const body = JSON.stringify(delivery.payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', rule.webhookSecret).update(`${timestamp}.${body}`).digest('hex');
      let status: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-duradesk-delivery': delivery.key,
            'x-duradesk-timestamp': timestamp,
            'x-duradesk-signature': `sha256=${signature}`,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (failure) {
        error = (failure as Error).message;
      }
      await knex('webhookDeliveries')
        .where({ deliveryKey: delivery.key })
        .update({
          attempts: knex.raw('attempts + 1'),
          lastStatus: status,
          lastError: error,
          deliveredAt: error === null ? knex.fn.now() : null,
        });
      if (error === null) return;
      const message = `Webhook ${delivery.url} failed: ${error}`;
      if (status !== null && !retryable(status)) throw ApplicationFailure.nonRetryable(message);
      throw new Error(message);
    },
  };
}
