import { z } from 'zod';
import { anyoneReceiving, findGroup, receivingOf, setDistribution, setReceiving } from '../../../db/groups';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams, strict } from '../../schema/fields';
import { managesDepartment } from '../../sessions';

const GroupParams = idParams('id');
const ReceivingBody = strict({ receiving: z.boolean() });
const DistributionBody = strict({
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
    const group = await findGroup(deps.knex, groupId);
    if (!group) throw notFound(`Group ${groupId} does not exist.`);
    return { ...group, receiving: await receivingOf(deps.knex, groupId, staffId) };
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
        if (!(await setReceiving(deps.knex, params.id, viewer.id, body.receiving))) {
          throw forbidden(`You are not a member of group ${params.id}.`);
        }
        // Answers once the offer's broadcast is durably started, not after each queued ticket heard it.
        if (body.receiving) await deps.tickets.offerQueuedTickets([params.id]);
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
        const group = await findGroup(deps.knex, params.id);
        if (!group) throw notFound(`Group ${params.id} does not exist.`);
        if (!managesDepartment(viewer, group.departmentId)) {
          throw forbidden(`You do not manage the department of group ${params.id}.`);
        }
        await setDistribution(deps.knex, params.id, body.method);
        if (body.method !== 'none' && (await anyoneReceiving(deps.knex, params.id))) {
          await deps.tickets.offerQueuedTickets([params.id]);
        }
        return present(params.id, viewer.id);
      },
    }),
  ];
}
