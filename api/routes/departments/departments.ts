import type { Knex } from 'knex';
import { z } from 'zod';
import { REPLY_STATUSES, type ReplyStatus } from '../../../workflows/domain/ticket';
import { noTimings, type TicketTimings } from '../../../workflows/domain/ticket-timings';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { managesDepartment } from '../../sessions';
import { TimingsBody, timingsFromSeconds, timingsInSeconds } from './timings';

const DepartmentParams = z.object({ id: z.coerce.number().int().positive() });
const TimingsSchema = TimingsBody;

/** A department's ticket timers as stored (milliseconds); unset ones are off. */
export async function departmentTimings(knex: Knex, departmentId: number): Promise<TicketTimings> {
  const row = await knex('departments').where({ id: departmentId }).first('ticketTimings');
  return { ...noTimings, ...(row?.ticketTimings ?? {}) };
}

/** The status an agent reply leaves a ticket in when the agent does not say. */
export async function defaultReplyStatus(knex: Knex, departmentId: number): Promise<ReplyStatus> {
  const row = await knex('departments').where({ id: departmentId }).first('defaultReplyStatus');
  return row?.defaultReplyStatus ?? 'waiting';
}

const ReplyStatusBody = z.object({ defaultReplyStatus: z.enum(REPLY_STATUSES) });

export function departmentRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'put',
      path: '/api/departments/:id/default-reply-status',
      tag: 'departments',
      summary: 'Set the status an agent reply leaves a ticket in when the agent does not choose',
      roles: ['admin', 'manager'],
      params: DepartmentParams,
      body: ReplyStatusBody,
      response: ReplyStatusBody,
      handler: async ({ params, body, viewer }) => {
        if (!managesDepartment(viewer, params.id)) {
          throw forbidden(`You do not manage department ${params.id}.`);
        }
        const updated = await deps.knex('departments').where({ id: params.id }).update(body);
        if (updated === 0) throw notFound(`Department ${params.id} does not exist.`);
        return body;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/departments/:id/ticket-timings',
      tag: 'departments',
      summary: "The department's ticket timers, in seconds (null: off)",
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: DepartmentParams,
      response: TimingsSchema,
      handler: async ({ params }) => {
        const exists = await deps.knex('departments').where({ id: params.id }).first('id');
        if (!exists) throw notFound(`Department ${params.id} does not exist.`);
        return timingsInSeconds(await departmentTimings(deps.knex, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/departments/:id/ticket-timings',
      tag: 'departments',
      summary: "Set the department's ticket timers; open tickets re-arm theirs at once",
      roles: ['admin', 'manager'],
      params: DepartmentParams,
      body: TimingsBody,
      response: TimingsSchema,
      handler: async ({ params, body, viewer }) => {
        if (!managesDepartment(viewer, params.id)) {
          throw forbidden(`You do not manage department ${params.id}.`);
        }
        const timings = timingsFromSeconds(body);
        const updated = await deps
          .knex('departments')
          .where({ id: params.id })
          .update({ ticketTimings: timings });
        if (updated === 0) throw notFound(`Department ${params.id} does not exist.`);
        const open = await deps
          .knex('tickets')
          .where({ departmentId: params.id })
          .whereNotIn('status', ['closed', 'closed-locked', 'deleted', 'spam'])
          .select('number');
        // Signals are durable once accepted: every open ticket gets the new timers, even if its worker is down.
        await Promise.all(open.map(({ number }) => deps.tickets.timingsChanged(number, timings)));
        return timingsInSeconds(timings);
      },
    }),
  ];
}
