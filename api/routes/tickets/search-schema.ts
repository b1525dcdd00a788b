import { z } from 'zod';
import { TICKET_QUEUES as QUEUES, TICKET_SORTS as SORTS, wordsToFind } from '../../../db/ticket-search';
import { PRIORITIES, TICKET_STATUSES } from '../../../workflows/domain/ticket';
import { line, pathId } from '../../schema/fields';
import { ListTicketsQuery } from './schema';

// The query's vocabulary (queues, sort keys, words to find) lives with the query in db/ticket-search.ts.
const id = pathId;
const text = line(200);
const instant = z.iso.datetime({ offset: true });

/** Each `<name>From` must not be after its `<name>To`; the issue names the `To` parameter. */
const ranges = [
  ['createdFrom', 'createdTo'],
  ['updatedFrom', 'updatedTo'],
] as const;

export const TicketSearchQuery = ListTicketsQuery.extend({
  queue: z
    .enum(QUEUES)
    .default('all')
    .describe(
      'mine: owned by you. group: the tickets of `groupId` (required). waiting: Waiting. ' +
        'follow-ups: Follow-up. closed: Closed or Closed and Locked. unassigned: no owner and not ' +
        'closed, deleted or spam. all: every ticket you may see. Deleted and spam tickets appear in ' +
        'no queue unless `status` asks for them.',
    ),
  status: z
    .enum(TICKET_STATUSES)
    .optional()
    .describe('Only tickets in this status; the only way to list deleted or spam tickets.'),
  page: ListTicketsQuery.shape.page.describe('The page to answer, from 1.'),
  pageSize: ListTicketsQuery.shape.pageSize.describe('Tickets per page, at most 100.'),
  number: id.optional().describe('Only the ticket with this number.'),
  q: text
    .optional()
    .describe(
      'Full-text search over the subject and the accepted messages of each ticket, read together ' +
        '(English stemming; web-search syntax: "quoted phrase", or, -excluded). Every word must ' +
        'appear somewhere in the ticket; at least one word must not be excluded.',
    ),
  customer: text.optional().describe("Part of the customer's email address or name, case-insensitive."),
  agentId: id.optional().describe('Only tickets owned by this staff member.'),
  departmentId: id.optional().describe('Only tickets of this department.'),
  groupId: id.optional().describe('Only tickets of this group; required by queue=group.'),
  priority: z.enum(PRIORITIES).optional().describe('Only tickets of this priority.'),
  createdFrom: instant.optional().describe('Created at or after this instant (ISO 8601, with offset).'),
  createdTo: instant.optional().describe('Created at or before this instant (ISO 8601, with offset).'),
  updatedFrom: instant.optional().describe('Last changed at or after this instant (ISO 8601, with offset).'),
  updatedTo: instant.optional().describe('Last changed at or before this instant (ISO 8601, with offset).'),
  sort: z
    .enum(SORTS)
    .default('updatedAt')
    .describe('Sort key after pinned tickets, which always come first. Tickets without the date go last.'),
  order: z.enum(['asc', 'desc']).default('desc').describe('Direction of `sort`.'),
}).superRefine((query, issues) => {
  if (query.q && wordsToFind(query.q).length === 0) {
    issues.addIssue({
      code: 'custom',
      path: ['q'],
      message: 'needs a word to look for, not only excluded ones',
    });
  }
  if (query.queue === 'group' && query.groupId === undefined) {
    issues.addIssue({ code: 'custom', path: ['groupId'], message: 'required by queue=group' });
  }
  for (const [from, to] of ranges) {
    const start = query[from];
    const end = query[to];
    if (start && end && Date.parse(start) > Date.parse(end)) {
      issues.addIssue({ code: 'custom', path: [to], message: `must not be before ${from}` });
    }
  }
});
export type TicketSearch = z.infer<typeof TicketSearchQuery>;

const count = z.number().int().min(0);

export const TicketCountsSchema = z.object({
  mine: count.describe('Tickets you own, as queue=mine lists them.'),
  unassigned: count.describe('As queue=unassigned lists them.'),
  waiting: count.describe('As queue=waiting lists them.'),
  followUps: count.describe('As queue=follow-ups lists them.'),
  closed: count.describe('As queue=closed lists them.'),
  all: count.describe('As queue=all lists them.'),
  groups: z
    .array(z.object({ groupId: z.number().int(), count }))
    .describe('As queue=group lists them, for each group with at least one such ticket, by groupId.'),
});
export type TicketCounts = z.infer<typeof TicketCountsSchema>;
