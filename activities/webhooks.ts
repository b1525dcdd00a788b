import { createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { WebhookDelivery } from '../workflows/domain/webhook';
import {
  type AddressPolicy,
  AddressRefusedError,
  type ResolveHost,
  systemResolver,
} from './outbound/guarded-lookup';
import { guardedPost } from './outbound/guarded-post';

export interface WebhookDeps {
  knex: Knex;
  /** Which addresses webhooks may reach (WEBHOOK_ALLOWED_NETWORKS); none given: public addresses only. */
  webhookPolicy: AddressPolicy;
  /** How host names resolve; the system resolver unless a test substitutes one. */
  resolveHost?: ResolveHost;
}

/** The failure type of a webhook the address policy refused: the workflow gives up at once. */
export const WEBHOOK_REFUSED = 'WebhookAddressRefused';

/** Statuses worth retrying: the receiver may recover; any other 4xx will answer the same next time. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export function createWebhookActivities({ knex, webhookPolicy, resolveHost = systemResolver }: WebhookDeps) {
  const guard = { policy: webhookPolicy, resolve: resolveHost };
  return {
    /**
     * POSTs the payload, signed with the rule's secret: `X-Duradesk-Signature: sha256=<hex HMAC of
     * "<timestamp>.<body>">`, only to an address the policy allows (checked on the address the socket
     * uses). Throws on failure so Temporal retries with backoff, except a refused address or an answer
     * that will not change (4xx, a redirect); the delivery row keeps attempts and the last answer.
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
      let refused = false;
      try {
        const answer = await guardedPost(
          {
            url: delivery.url,
            headers: {
              'content-type': 'application/json',
              'x-duradesk-delivery': delivery.key,
              'x-duradesk-timestamp': timestamp,
              'x-duradesk-signature': `sha256=${signature}`,
            },
            body,
            timeoutMs: 10_000,
          },
          guard,
        );
        status = answer.status;
        if (status >= 300 && status < 400)
          error = `HTTP ${status}: redirect to ${answer.location ?? '(no location)'} not followed`;
        else if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (failure) {
        refused = failure instanceof AddressRefusedError;
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
      if (refused) throw ApplicationFailure.nonRetryable(message, WEBHOOK_REFUSED);
      if (status !== null && !retryable(status)) throw ApplicationFailure.nonRetryable(message);
      throw new Error(message);
    },
  };
}
