import { z } from 'zod';
import { link, mergeContent, linksOf as ticketLinks } from '../../../db/ticket-links';
import type { ApiDeps } from '../../deps';
import { conflict, validationProblem } from '../../errors';
import { defineRoute } from '../../route';
import { id, strict } from '../../schema/fields';
import { findVisible, workers } from './access';
import { TicketNumberParams } from './schema';

const OtherTicketBody = strict({ number: id });
const MergeBody = strict({ into: id });
const LinksSchema = z.object({
  related: z.array(z.number().int()),
  followOnOf: z.array(z.number().int()),
  followOns: z.array(z.number().int()),
  mergedInto: z.number().int().nullable(),
});

export function ticketLinkRoutes(deps: ApiDeps) {
  const linksOf = (ticketNumber: number) => ticketLinks(deps.knex, ticketNumber);

  return [
    defineRoute({
      method: 'get',
      path: '/api/tickets/:number/links',
      tag: 'tickets',
      summary: 'Related tickets, follow-on tickets and the merge target',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: TicketNumberParams,
      response: LinksSchema,
      handler: async ({ params, viewer }) => linksOf((await findVisible(viewer, params.number)).number),
    }),
    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/related',
      tag: 'tickets',
      summary: 'Relate two tickets (both ways)',
      roles: workers,
      params: TicketNumberParams,
      body: OtherTicketBody,
      response: LinksSchema,
      handler: async ({ params, body, viewer }) => {
        const ticket = await findVisible(viewer, params.number);
        const other = await findVisible(viewer, body.number);
        if (other.number === ticket.number) {
          throw validationProblem('A ticket cannot be related to itself.', [
            { path: 'body.number', message: 'same ticket' },
          ]);
        }
        await link(deps.knex, [
          { ticketNumber: ticket.number, linkedNumber: other.number, kind: 'related' },
          { ticketNumber: other.number, linkedNumber: ticket.number, kind: 'related' },
        ]);
        return linksOf(ticket.number);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/merge',
      workflowCommand: true,
      tag: 'tickets',
      summary:
        'Merge this ticket into another of the same customer: its messages move, and it closes with a link',
      roles: workers,
      params: TicketNumberParams,
      body: MergeBody,
      response: LinksSchema,
      handler: async ({ params, body, viewer }) => {
        const source = await findVisible(viewer, params.number);
        const target = await findVisible(viewer, body.into);
        if (target.number === source.number) {
          throw validationProblem('A ticket cannot be merged into itself.', [
            { path: 'body.into', message: 'same ticket' },
          ]);
        }
        if (target.customerId !== source.customerId) {
          throw conflict(`Tickets ${source.number} and ${target.number} belong to different customers.`);
        }
        // Content first: a retry after a failed close finds it done and closes again.
        await mergeContent(deps.knex, source.number, target.number);
        if (source.status !== 'closed' && source.status !== 'closed-locked') {
          await deps.tickets.close(
            source.number,
            { agentId: viewer.id },
            `merge:${source.number}:${target.number}`,
          );
        }
        return linksOf(source.number);
      },
    }),
  ];
}
