import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams } from '../../schema/fields';

const Params = idParams('id');

const DeliveryView = z.object({
  key: z.string().describe('The X-Duradesk-Delivery header: the same on every attempt.'),
  ruleVersion: z.number().int(),
  ticketNumber: z.number().int(),
  url: z.string(),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable().describe("The receiver's last HTTP status; null: no answer."),
  lastError: z
    .string()
    .nullable()
    .describe('Why the last attempt failed, e.g. "refused: 127.0.0.1 is a loopback address (127.0.0.0/8)".'),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

/** A rule's webhook deliveries, newest first: what its owner and managers check when a receiver hears nothing. */
export function webhookDeliveryRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/automation-rules/:id/deliveries',
      tag: 'automation-rules',
      summary: "The rule's last 100 webhook deliveries: attempts, last answer, why refused or failed",
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: Params,
      response: z.array(DeliveryView),
      handler: async ({ params, viewer }) => {
        const rule = await deps.knex('automationRules').where({ id: params.id }).first('id', 'ownerId');
        if (!rule) throw notFound(`Rule ${params.id} does not exist.`);
        // Deliveries name tickets and receivers: an agent sees those of their own rules only.
        if (viewer.role === 'agent' && rule.ownerId !== viewer.id)
          throw forbidden(`Rule ${params.id} is not yours; managers see its deliveries.`);
        const rows = await deps
          .knex('webhookDeliveries')
          .where({ ruleId: params.id })
          .orderBy('id', 'desc')
          .limit(100);
        return rows.map((row) => ({
          key: row.deliveryKey,
          ruleVersion: row.ruleVersion,
          ticketNumber: row.ticketNumber,
          url: row.url,
          attempts: row.attempts,
          lastStatus: row.lastStatus,
          lastError: row.lastError,
          deliveredAt: row.deliveredAt ? new Date(row.deliveredAt).toISOString() : null,
          createdAt: new Date(row.createdAt).toISOString(),
        }));
      },
    }),
  ];
}
