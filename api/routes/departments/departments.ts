import type { Knex } from 'knex';
import { z } from 'zod';
import { noTimings, type TicketTimings } from '../../../workflows/domain/ticket-timings';
import type { ApiDeps } from '../../deps';
import { notFound } from '../../errors';
import { defineRoute } from '../../route';
import { TimingsBody, timingsFromSeconds, timingsInSeconds } from './timings';

const DepartmentParams = z.object({ id: z.coerce.number().int().positive() });
const TimingsSchema = TimingsBody;

/** A department's ticket timers as stored (milliseconds); unset ones are off. */
export async function departmentTimings(knex: Knex, departmentId: number): Promise<TicketTimings> {
  const row = await knex('departments').where({ id: departmentId }).first('ticketTimings');
  return { ...noTimings, ...(row?.ticketTimings ?? {}) };
}

export function departmentRoutes(deps: ApiDeps) {
  return [
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
      handler: async ({ params, body }) => {
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
