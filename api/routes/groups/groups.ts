import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { managesDepartment } from '../../sessions';
import { offerQueuedTickets } from './offer';

const GroupParams = z.object({ id: z.coerce.number().int().positive() });
const ReceivingBody = z.object({ receiving: z.boolean() });
const DistributionBody = z.object({
  /** round-robin: agents in turn; fewest-open: the agent with the fewest open tickets; none: a queue agents pick from. */
  method: z.enum(['round-robin', 'fewest-open', 'none']),
});
const GroupSchema = z.object({
  id: z.number().int(),
  departmentId: z.number().int(),
  name: z.string(),
  distribution: z.enum(['round-robin', 'fewest-open', 'none']),
  receiving: z.boolean().nullable(),
});

export function groupRoutes(deps: ApiDeps) {
  async function present(groupId: number, staffId: number) {
    const group = await deps
      .knex('groups')
      .where({ id: groupId })
      .first('id', 'departmentId', 'name', 'distribution');
    if (!group) throw notFound(`Group ${groupId} does not exist.`);
    const membership = await deps.knex('groupMembers').where({ groupId, staffId }).first('receiving');
    return { ...group, receiving: membership?.receiving ?? null };
  }

  return [
    defineRoute({
      method: 'put',
      path: '/api/groups/:id/receiving',
      tag: 'groups',
      summary:
        'Start or stop receiving tickets of this group (you must be a member and logged in to get any)',
      roles: ['admin', 'manager', 'agent'],
      params: GroupParams,
      body: ReceivingBody,
      response: GroupSchema,
      handler: async ({ params, body, viewer }) => {
        const updated = await deps
          .knex('groupMembers')
          .where({ groupId: params.id, staffId: viewer.id })
          .update({ receiving: body.receiving });
        if (updated === 0) throw forbidden(`You are not a member of group ${params.id}.`);
        if (body.receiving) await offerQueuedTickets(deps, [params.id]);
        return present(params.id, viewer.id);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/groups/:id/distribution',
      tag: 'groups',
      summary: "Set how the group's new and transferred tickets reach its agents",
      roles: ['admin', 'manager'],
      params: GroupParams,
      body: DistributionBody,
      response: GroupSchema,
      handler: async ({ params, body, viewer }) => {
        const group = await deps.knex('groups').where({ id: params.id }).first('departmentId');
        if (!group) throw notFound(`Group ${params.id} does not exist.`);
        if (!managesDepartment(viewer, group.departmentId)) {
          throw forbidden(`You do not manage the department of group ${params.id}.`);
        }
        await deps.knex('groups').where({ id: params.id }).update({ distribution: body.method });
        if (body.method !== 'none') {
          const receiving = await deps
            .knex('groupMembers')
            .where({ groupId: params.id, receiving: true })
            .first('staffId');
          if (receiving) await offerQueuedTickets(deps, [params.id]);
        }
        return present(params.id, viewer.id);
      },
    }),
  ];
}
