import { z } from 'zod';
import { ticketChanges } from '../../../db/ticket-changes';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';
import { findVisible, readers } from './access';
import { TicketNumberParams } from './schema';

const ChangeView = z.object({
  version: z.number().int(),
  event: z
    .string()
    .describe('What happened, as the workflow recorded it (e.g. transferred, slaCheck, ruleDue).'),
  at: z.iso.datetime(),
  staffId: z.number().int().nullable().describe('The person behind it; null for timers and rules.'),
  rule: z
    .object({ id: z.number().int(), version: z.number().int(), name: z.string(), trigger: z.string() })
    .nullable()
    .describe('The rule and version behind an automatic change.'),
  note: z
    .string()
    .nullable()
    .describe('Words beyond the event, e.g. for `problem`: what could not be stored and what was done.'),
});

/** The ticket's change log: who or which rule changed it, version by version. */
export function ticketChangeRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/tickets/:number/changes',
      tag: 'tickets',
      summary: 'Every change of a ticket, oldest first, naming the person or the rule and version behind it',
      roles: readers,
      params: TicketNumberParams,
      response: z.array(ChangeView),
      handler: async ({ params, viewer }) => {
        const ticket = await findVisible(viewer, params.number);
        const rows = await ticketChanges(deps.knex, ticket.number);
        return rows.map((row) => ({
          version: row.version,
          event: row.event,
          at: row.at.toISOString(),
          staffId: row.staffId,
          rule:
            row.ruleId === null
              ? null
              : { id: row.ruleId, version: row.ruleVersion, name: row.ruleName, trigger: row.ruleTrigger },
          note: row.note,
        }));
      },
    }),
  ];
}
