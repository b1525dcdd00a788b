import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { storeMessage } from '../../../db/messages';
import { withStoredMessage } from '../../../temporal/commands/refusal';
import type { TicketState } from '../../../workflows/domain/ticket';
import { toTicketView } from '../../../workflows/domain/ticket-view';
import type { TicketCommand } from '../../../workflows/ticket/messages';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';
import type { Viewer } from '../../sessions';
import { findVisible, idempotencyKey, workers } from './access';
import {
  CommentBody,
  CustomFieldsCommandBody,
  FollowUpBody,
  FollowUpParams,
  PinBody,
  PriorityBody,
  RescheduleFollowUpBody,
  StatusChangeBody,
  TicketNumberParams,
  TicketViewSchema,
  TransferBody,
  VersionQuery,
} from './schema';
import { resolveTransfer } from './transfer-target';

/** Agent commands other than replies and close: each is one `command` update of the ticket workflow. */
export function ticketCommandRoutes(deps: ApiDeps) {
  async function send(
    ctx: Context,
    viewer: Viewer,
    ticketNumber: number,
    command: TicketCommand,
  ): Promise<TicketState> {
    const ticket = await findVisible(viewer, ticketNumber);
    return deps.tickets.command(
      ticket.number,
      command,
      idempotencyKey(ctx, `${command.type}:${ticket.number}`),
    );
  }
  const common = {
    tag: 'tickets',
    roles: workers,
    params: TicketNumberParams,
    response: TicketViewSchema,
    workflowCommand: true,
  } as const;

  return [
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/tickets/:number/comments',
      summary: 'Add an internal comment, seen by staff only',
      body: CommentBody,
      handler: async ({ params, body, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const key = idempotencyKey(ctx, `comment:${ticket.number}`);
        const message = await storeMessage(deps.knex, {
          ticketNumber: ticket.number,
          kind: 'internal',
          staffId: viewer.id,
          body: body.body,
          ...(key ? { idempotencyKey: key } : {}),
        });
        const command: TicketCommand = {
          type: 'commentAdded',
          messageId: message.id,
          agentId: viewer.id,
          expectedVersion: body.expectedVersion,
        };
        return toTicketView(
          await withStoredMessage(deps.knex, message.id, () =>
            deps.tickets.command(ticket.number, command, key ?? message.id),
          ),
        );
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/tickets/:number/status',
      summary: 'Reopen, lock (Closed and Locked), delete, mark as spam, restore, or set Waiting or Active',
      body: StatusChangeBody,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'statusChanged',
            change: body.change,
            agentId: viewer.id,
            role: viewer.role,
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'put',
      path: '/api/tickets/:number/priority',
      summary: 'Set the priority: Low, Normal, High or Urgent',
      body: PriorityBody,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'prioritySet',
            priority: body.priority,
            agentId: viewer.id,
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'put',
      path: '/api/tickets/:number/pin',
      summary: 'Pin or unpin the ticket',
      body: PinBody,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'pinSet',
            pinned: body.pinned,
            agentId: viewer.id,
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'put',
      path: '/api/tickets/:number/custom-fields',
      summary: "Set the ticket's custom field values (all of them); policies and rules match on them",
      body: CustomFieldsCommandBody,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'customFieldsSet',
            fields: body.customFields,
            agentId: viewer.id,
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/tickets/:number/follow-ups',
      summary: 'Schedule a follow-up: the ticket hides in Follow-up and returns Active at that time',
      body: FollowUpBody,
      status: 201,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'followUpScheduled',
            followUp: {
              id: randomUUID(),
              dueAt: Date.parse(body.dueAt),
              note: body.note,
              agentId: viewer.id,
            },
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'patch',
      path: '/api/tickets/:number/follow-ups/:followUpId',
      params: FollowUpParams,
      summary: 'Reschedule a pending follow-up',
      body: RescheduleFollowUpBody,
      handler: async ({ params, body, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'followUpRescheduled',
            followUpId: params.followUpId,
            dueAt: Date.parse(body.dueAt),
            agentId: viewer.id,
            expectedVersion: body.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'delete',
      path: '/api/tickets/:number/follow-ups/:followUpId',
      params: FollowUpParams,
      query: VersionQuery,
      summary: 'Cancel a pending follow-up',
      handler: async ({ params, query, viewer }, ctx) =>
        toTicketView(
          await send(ctx, viewer, params.number, {
            type: 'followUpCancelled',
            followUpId: params.followUpId,
            agentId: viewer.id,
            expectedVersion: query.expectedVersion,
          }),
        ),
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/tickets/:number/transfer',
      summary: 'Transfer (or escalate) to an agent, a group or a department, with an optional comment',
      body: TransferBody,
      handler: async ({ params, body, viewer }, ctx) => {
        const ticket = await findVisible(viewer, params.number);
        const to = await resolveTransfer(deps.knex, ticket, body);
        const key = idempotencyKey(ctx, `transfer:${ticket.number}`);
        const comment = body.comment
          ? await storeMessage(deps.knex, {
              ticketNumber: ticket.number,
              kind: 'internal',
              staffId: viewer.id,
              body: body.comment,
              ...(key ? { idempotencyKey: key } : {}),
            })
          : null;
        const command: TicketCommand = {
          type: 'transferred',
          to,
          byAgentId: viewer.id,
          escalation: body.escalation,
          commentMessageId: comment?.id ?? null,
          expectedVersion: body.expectedVersion,
        };
        const transfer = () => deps.tickets.command(ticket.number, command, key ?? comment?.id);
        return toTicketView(
          await (comment ? withStoredMessage(deps.knex, comment.id, transfer) : transfer()),
        );
      },
    }),
  ];
}
