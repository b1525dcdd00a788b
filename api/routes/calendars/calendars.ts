import { z } from 'zod';
import {
  addBusinessTime,
  type BusinessCalendar,
  validateCalendar,
  type WeeklyRange,
} from '../../../workflows/domain/business-calendar';
import type { ApiDeps } from '../../deps';
import { conflict, notFound, validationProblem } from '../../errors';
import { defineRoute } from '../../route';
import { decimal, idParams, line, raw, strict } from '../../schema/fields';
import { calendarAssignmentRoutes } from './assignment';

const Params = idParams('id');
const CalendarBody = z.strictObject({
  name: line(200),
  timeZone: raw(64).describe('IANA time zone, e.g. Europe/Berlin.'),
  ranges: z
    .array(
      z.strictObject({
        day: z
          .number()
          .int()
          .min(0)
          .max(6)
          .transform((day) => day as WeeklyRange['day'])
          .describe('Day the range opens on, Sunday = 0 … Saturday = 6.'),
        open: raw(10).describe("Local 'HH:MM'."),
        close: raw(10).describe("Local 'HH:MM' or '24:00'; not later than open runs past midnight."),
      }),
    )
    .max(100, 'at most 100 ranges')
    .describe('Weekly open hours; overlapping or touching ranges merge.'),
  holidays: z
    .array(raw(20))
    .max(1_000, 'at most 1000 holidays')
    .default([])
    .describe("'YYYY-MM-DD' dates, or 'MM-DD' for every year; each closes the ranges that open on it."),
});
const CalendarView = CalendarBody.extend({ id: z.number().int() });
const DueQuery = strict({
  from: z.iso.datetime({ offset: true }).describe('Start instant (ISO 8601).'),
  minutes: decimal(0, 366 * 24 * 60).describe('Business minutes to add.'),
});

const present = (row: BusinessCalendar & { id: number; name: string }) => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  ranges: row.ranges,
  holidays: row.holidays,
});

/** The body field a problem of validateCalendar is about, read from how it starts. */
function problemPath(problem: string): string {
  const range = /^Range (\d+):/.exec(problem);
  if (range) return `body.ranges.${Number(range[1]) - 1}`;
  if (problem.startsWith('Holiday')) return 'body.holidays';
  if (problem.includes('time zone')) return 'body.timeZone';
  return 'body';
}

/** 400 naming each problem of a calendar (unknown zone, impossible times or dates) at its field. */
function requireValid(calendar: BusinessCalendar): void {
  const problems = validateCalendar(calendar);
  if (problems.length > 0)
    throw validationProblem(
      problems.join(' '),
      problems.map((message) => ({ path: problemPath(message), message })),
    );
}

/** PostgreSQL's error code, when a query failed on a constraint. */
const pgCode = (error: unknown) => (error as { code?: string }).code;

/** Names are unique (people pick calendars by name): a second one is a conflict, not a 500. */
function duplicateName(name: string) {
  return (error: unknown): never => {
    if (pgCode(error) === '23505') throw conflict(`A calendar named "${name}" already exists.`);
    throw error;
  };
}

export function calendarRoutes(deps: ApiDeps) {
  const find = async (id: number) => {
    const row = await deps.knex('businessCalendars').where({ id }).first();
    if (!row) throw notFound(`Calendar ${id} does not exist.`);
    return row;
  };
  const row = (body: z.infer<typeof CalendarBody>) => ({
    name: body.name,
    timeZone: body.timeZone,
    ranges: JSON.stringify(body.ranges),
    holidays: JSON.stringify(body.holidays),
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/calendars',
      tag: 'calendars',
      summary: 'Business calendars',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      response: z.array(CalendarView),
      handler: async () => (await deps.knex('businessCalendars').orderBy('id')).map(present),
    }),
    defineRoute({
      method: 'post',
      path: '/api/calendars',
      tag: 'calendars',
      summary: 'Define a business calendar: weekly hours in a time zone, and holidays',
      roles: ['admin', 'manager'],
      body: CalendarBody,
      response: CalendarView,
      status: 201,
      handler: async ({ body }) => {
        requireValid(body);
        const [created] = await deps
          .knex('businessCalendars')
          .insert(row(body))
          .returning('*')
          .catch(duplicateName(body.name));
        return present(created);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/calendars/:id',
      tag: 'calendars',
      summary: 'One business calendar',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: Params,
      response: CalendarView,
      handler: async ({ params }) => present(await find(params.id)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/calendars/:id',
      tag: 'calendars',
      summary: 'Change a calendar; open tickets recompute their due times at once',
      roles: ['admin', 'manager'],
      params: Params,
      body: CalendarBody,
      response: CalendarView,
      handler: async ({ params, body }) => {
        requireValid(body);
        await find(params.id);
        const [updated] = await deps
          .knex('businessCalendars')
          .where({ id: params.id })
          .update({ ...row(body), updatedAt: deps.knex.fn.now() })
          .returning('*')
          .catch(duplicateName(body.name));
        await deps.tickets.announceAutomationChange();
        return present(updated);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/calendars/:id',
      tag: 'calendars',
      summary: 'Delete a calendar no brand or department uses',
      roles: ['admin', 'manager'],
      params: Params,
      status: 204,
      handler: async ({ params }) => {
        await find(params.id);
        for (const table of ['brands', 'departments']) {
          const user = await deps.knex(table).where({ calendarId: params.id }).first('id', 'name');
          if (user) throw conflict(`Calendar ${params.id} is used by ${table.slice(0, -1)} "${user.name}".`);
        }
        // Assigned between the check and here: the foreign key refuses, answered like the check.
        await deps
          .knex('businessCalendars')
          .where({ id: params.id })
          .delete()
          .catch((error) => {
            if (pgCode(error) === '23503') throw conflict(`Calendar ${params.id} is in use.`);
            throw error;
          });
        return null;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/calendars/:id/due',
      tag: 'calendars',
      summary: 'When N business minutes after an instant run out on this calendar',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: Params,
      query: DueQuery,
      response: z.object({ dueAt: z.iso.datetime() }),
      handler: async ({ params, query }) => {
        const calendar = await find(params.id);
        const dueAt = addBusinessTime(calendar, Date.parse(query.from), Math.round(query.minutes * 60_000));
        return { dueAt: new Date(dueAt).toISOString() };
      },
    }),
    ...calendarAssignmentRoutes(deps),
  ];
}
