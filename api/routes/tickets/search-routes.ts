import { countTickets, searchTickets } from '../../../db/ticket-search';
import { defineRoute } from '../../route';
import { readers } from './access';
import { presentTicket } from './present';
import { TicketPageSchema } from './schema';
import { TicketCountsSchema, TicketSearchQuery } from './search-schema';

/** The ticket list with its queues and search, and the queues' counts. Mount before `/api/tickets/:number`. */
export function ticketSearchRoutes() {
  return [
    defineRoute({
      method: 'get',
      path: '/api/tickets',
      tag: 'tickets',
      summary: 'List a queue of tickets, searched and filtered; pinned first, then by `sort`',
      roles: readers,
      query: TicketSearchQuery,
      response: TicketPageSchema,
      handler: async ({ query, viewer }) => {
        const page = await searchTickets(viewer, query);
        return {
          items: page.results.map(presentTicket),
          page: query.page,
          pageSize: query.pageSize,
          total: page.total,
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/tickets/counts',
      tag: 'tickets',
      summary: 'How many tickets each queue lists for you, and each group',
      roles: readers,
      response: TicketCountsSchema,
      handler: async ({ viewer }) => countTickets(viewer),
    }),
  ];
}
