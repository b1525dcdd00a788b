import { z } from 'zod';
import {
  departmentExists,
  departmentTimings,
  setDefaultReplyStatus,
  setDepartmentTimings,
} from '../../../db/departments';
import { REPLY_STATUSES } from '../../../workflows/domain/ticket';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams, strict } from '../../schema/fields';
import { managesDepartment } from '../../sessions';
import { TimingsBody, timingsFromSeconds, timingsInSeconds } from './timings';

const DepartmentParams = idParams('id');
const TimingsSchema = TimingsBody;

const ReplyStatusBody = strict({ defaultReplyStatus: z.enum(REPLY_STATUSES) });

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
        const updated = await setDefaultReplyStatus(deps.knex, params.id, body.defaultReplyStatus);
        if (!updated) throw notFound(`Department ${params.id} does not exist.`);
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
        if (!(await departmentExists(deps.knex, params.id)))
          throw notFound(`Department ${params.id} does not exist.`);
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
        if (!(await setDepartmentTimings(deps.knex, params.id, timings))) {
          throw notFound(`Department ${params.id} does not exist.`);
        }
        // Answers once the broadcast is durably started: every open ticket gets the new timers, even
        // while no worker runs.
        await deps.tickets.announceTimings(params.id, timings);
        return timingsInSeconds(timings);
      },
    }),
  ];
}
