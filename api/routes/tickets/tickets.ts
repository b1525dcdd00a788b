import { Message } from '../../../db/models/message';
import { toTicketView } from '../../../workflows/domain/ticket-view';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';
import { departmentTimings } from '../departments/departments';
import { findVisible, idempotencyKey, readers, visibleTo, withMessage, workers } from './access';
import { findOrCreateCustomer, storeMessage } from './content';
import { presentMessage, presentTicket } from './present';
import { resolveQueue } from './queue';
import {
  AgentReplyBody,
  CreateTicketBody,
  CustomerMessageAcceptedSchema,
  CustomerMessageBody,
  ListTicketsQuery,
  TicketDetailSchema,
  TicketNumberParams,
  TicketPageSchema,
  TicketViewSchema,
} from './schema';

export function ticketRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/tickets',
      tag: 'tickets',
      summary: 'List tickets, newest activity first',
      roles: readers,
      query: ListTicketsQuery,
      response: TicketPageSchema,
      handler: async ({ query, viewer }) => {
        const filtered = visibleTo(viewer).modify((builder) => {
          if (query.status) builder.where('status', query.status);
        });
        const page = await filtered
          .orderBy([
            { column: 'updatedAt', order: 'desc' },
            { column: 'number', order: 'desc' },
          ])
          .page(query.page - 1, query.pageSize);
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
      path: '/api/tickets/:number',
      tag: 'tickets',
      summary: 'One ticket with its messages',
      roles: readers,
      params: TicketNumberParams,
      response: TicketDetailSchema,
      handler: async ({ params, viewer }) => {
        const ticket = await findVisible(viewer, params.number);
        const messages = await Message.query()
          .where({ ticketNumber: ticket.number, accepted: true })
          .orderBy([{ column: 'createdAt' }, { column: 'id' }]);
        return { ...presentTicket(ticket), messages: messages.map(presentMessage) };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets',
      tag: 'tickets',
      summary: 'Open a ticket for a customer; starts workflow ticket-<number>',
      roles: workers,
      body: CreateTicketBody,
      response: TicketViewSchema,
      status: 201,
      handler: async ({ body, viewer }, ctx) => {
        const queue = await resolveQueue(deps.knex, body, viewer);
        const customerId = await findOrCreateCustomer(deps.knex, body.customer.email, body.customer.name);
        const key = idempotencyKey(ctx, `open-ticket:${viewer.id}`);
        const previous = key ? await Message.query().findOne({ idempotencyKey: key }) : undefined;
        const ticketNumber =
          previous?.ticketNumber ??
          Number((await deps.knex.raw("select nextval('ticket_numbers') as n")).rows[0].n);
        const message = await storeMessage(deps.knex, {
          ticketNumber,
          kind: 'customer',
          customerId,
          body: body.body,
          ...(key ? { idempotencyKey: key } : {}),
        });
        const timings = await departmentTimings(deps.knex, queue.departmentId);
        const state = await withMessage(deps, message.id, () =>
          deps.tickets.open({
            number: ticketNumber,
            ...queue,
            timings,
            customerId,
            subject: body.subject,
            channel: 'api',
            firstMessageId: message.id,
          }),
        );
        return toTicketView(state);
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/replies',
      tag: 'tickets',
      summary: 'Reply to the customer and leave the ticket Waiting or Active (a workflow update)',
      roles: workers,
      params: TicketNumberParams,
      body: AgentReplyBody,
      response: TicketViewSchema,
      handler: async ({ params, body, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const key = idempotencyKey(ctx, `reply:${ticket.number}`);
        const message = await storeMessage(deps.knex, {
          ticketNumber: ticket.number,
          kind: 'agent',
          staffId: viewer.id,
          body: body.body,
          ...(key ? { idempotencyKey: key } : {}),
        });
        const state = await withMessage(deps, message.id, () =>
          deps.tickets.agentReply(
            ticket.number,
            { messageId: message.id, agentId: viewer.id, status: body.status },
            key ?? message.id,
          ),
        );
        return toTicketView(state);
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/customer-messages',
      tag: 'tickets',
      summary: "Record a customer's message (a workflow signal); reopens Waiting and Closed tickets",
      roles: workers,
      params: TicketNumberParams,
      body: CustomerMessageBody,
      response: CustomerMessageAcceptedSchema,
      status: 202,
      handler: async ({ params, body, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const key = idempotencyKey(ctx, `customer-message:${ticket.number}`);
        const message = await storeMessage(deps.knex, {
          ticketNumber: ticket.number,
          kind: 'customer',
          customerId: ticket.customerId,
          body: body.body,
          ...(key ? { idempotencyKey: key } : {}),
        });
        await withMessage(deps, message.id, () =>
          deps.tickets.customerReplied(ticket.number, { messageId: message.id }),
        );
        return { messageId: message.id, ticketNumber: ticket.number };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/close',
      tag: 'tickets',
      summary: 'Close the ticket (a workflow update)',
      roles: workers,
      params: TicketNumberParams,
      response: TicketViewSchema,
      handler: async ({ params, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const key = idempotencyKey(ctx, `close:${ticket.number}`);
        return toTicketView(await deps.tickets.close(ticket.number, { agentId: viewer.id }, key));
      },
    }),
  ];
}
