import { defaultReplyStatus } from '../../../db/departments';
import { acceptedMessages, storeMessage } from '../../../db/messages';
import { openFollowOn } from '../../../temporal/commands/open-follow-on';
import { openTicket } from '../../../temporal/commands/open-ticket';
import { withStoredMessage } from '../../../temporal/commands/refusal';
import { toTicketView } from '../../../workflows/domain/ticket-view';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';
import { findVisible, idempotencyKey, readers, workers } from './access';
import { presentMessage, presentTicket } from './present';
import { resolveQueue } from './queue';
import {
  AgentReplyBody,
  CreateTicketBody,
  CustomerMessageAcceptedSchema,
  CustomerMessageBody,
  TicketDetailSchema,
  TicketNumberParams,
  TicketViewSchema,
} from './schema';
import { ticketSearchRoutes } from './search-routes';

export function ticketRoutes(deps: ApiDeps) {
  return [
    // The list and its counts live in search-routes.ts; they must come before `/api/tickets/:number`.
    ...ticketSearchRoutes(),

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
        const messages = await acceptedMessages(ticket.number);
        return { ...presentTicket(ticket), messages: messages.map(presentMessage) };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets',
      workflowCommand: true,
      tag: 'tickets',
      summary: 'Open a ticket for a customer; starts workflow ticket-<number>',
      roles: workers,
      body: CreateTicketBody,
      response: TicketViewSchema,
      status: 201,
      handler: async ({ body, viewer }, ctx) => {
        const queue = await resolveQueue(deps.knex, body, viewer);
        const state = await openTicket(deps, {
          queue,
          customer: body.customer,
          subject: body.subject,
          body: body.body,
          customFields: body.customFields,
          channel: 'api',
          idempotencyKey: idempotencyKey(ctx, 'open-ticket'),
        });
        return toTicketView(state);
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/replies',
      workflowCommand: true,
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
        const status = body.status ?? (await defaultReplyStatus(deps.knex, ticket.departmentId));
        const state = await withStoredMessage(deps.knex, message.id, () =>
          deps.tickets.agentReply(
            ticket.number,
            { messageId: message.id, agentId: viewer.id, status },
            key ?? message.id,
          ),
        );
        return toTicketView(state);
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/customer-messages',
      workflowCommand: true,
      tag: 'tickets',
      summary:
        "Record a customer's message (a workflow signal); reopens Waiting and Closed tickets; to a Closed and Locked ticket it opens a new, linked one",
      roles: workers,
      params: TicketNumberParams,
      body: CustomerMessageBody,
      response: CustomerMessageAcceptedSchema,
      status: 202,
      handler: async ({ params, body, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const key = idempotencyKey(ctx, `customer-message:${ticket.number}`);
        if (ticket.status === 'closed-locked') {
          return openFollowOn(deps, ticket, { body: body.body, channel: 'api', idempotencyKey: key });
        }
        const message = await storeMessage(deps.knex, {
          ticketNumber: ticket.number,
          kind: 'customer',
          customerId: ticket.customerId,
          body: body.body,
          ...(key ? { idempotencyKey: key } : {}),
        });
        await withStoredMessage(deps.knex, message.id, () =>
          deps.tickets.customerReplied(ticket.number, { messageId: message.id }),
        );
        return { messageId: message.id, ticketNumber: ticket.number };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/tickets/:number/close',
      workflowCommand: true,
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
