import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound, validationProblem } from '../../errors';
import { defineRoute } from '../../route';
import { id, idParams } from '../../schema/fields';
import { managesDepartment, type Viewer } from '../../sessions';

const Params = idParams('id');
const AssignBody = z.strictObject({
  calendarId: id.nullable().describe('A calendar id; null removes it.'),
});

/**
 * Who may set whose calendar: a department's is its managers' (as its other settings); a brand's
 * reaches every department of the brand without one of its own, so it is the administrators'.
 */
const owners = {
  departments: {
    noun: 'Department',
    fallback: "the brand's calendar",
    roles: ['admin', 'manager'] as const,
    allowed: managesDepartment,
  },
  brands: {
    noun: 'Brand',
    fallback: 'around the clock',
    roles: ['admin'] as const,
    allowed: (viewer: Viewer) => viewer.role === 'admin',
  },
};

/** PUT /api/departments/:id/calendar and /api/brands/:id/calendar; open tickets recompute at once. */
export function calendarAssignmentRoutes(deps: ApiDeps) {
  return (['departments', 'brands'] as const).map((table) => {
    const owner = owners[table];
    return defineRoute({
      method: 'put',
      path: `/api/${table}/:id/calendar`,
      tag: 'calendars',
      summary: `Set the ${owner.noun.toLowerCase()}'s business calendar (null: ${owner.fallback})`,
      roles: owner.roles,
      params: Params,
      body: AssignBody,
      response: AssignBody,
      handler: async ({ params, body, viewer }) => {
        if (!owner.allowed(viewer, params.id))
          throw forbidden(`You do not manage ${owner.noun.toLowerCase()} ${params.id}.`);
        if (body.calendarId !== null) {
          const calendar = await deps.knex('businessCalendars').where({ id: body.calendarId }).first('id');
          const message = `Calendar ${body.calendarId} does not exist.`;
          if (!calendar) throw validationProblem(message, [{ path: 'body.calendarId', message }]);
        }
        const updated = await deps
          .knex(table)
          .where({ id: params.id })
          .update({ calendarId: body.calendarId });
        if (updated === 0) throw notFound(`${owner.noun} ${params.id} does not exist.`);
        await deps.tickets.announceAutomationChange();
        return body;
      },
    });
  });
}
