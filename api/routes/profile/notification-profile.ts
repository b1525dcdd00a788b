import { z } from 'zod';
import { STAFF_ROLES } from '../../../workflows/domain/staff-role';
import { NOTICE_KINDS } from '../../../workflows/domain/ticket-effects';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';

const Profile = z.strictObject({
  email: z.boolean().describe('Whether notices may reach you by email at all.'),
  kinds: z
    .array(z.enum(NOTICE_KINDS))
    .max(NOTICE_KINDS.length, 'names each kind once at most')
    .describe('Notice kinds always emailed to you; rules may also ask to email the notices they send.'),
});

/** Each staff member's own notification profile: notices arrive in-app always, by email as set here. */
export function notificationProfileRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/me/notification-profile',
      tag: 'auth',
      summary: 'How notices reach you',
      roles: STAFF_ROLES,
      response: Profile,
      handler: async ({ viewer }) =>
        (await deps.knex('staff').where({ id: viewer.id }).first('notificationProfile')).notificationProfile,
    }),
    defineRoute({
      method: 'put',
      path: '/api/me/notification-profile',
      tag: 'auth',
      summary: 'Choose how notices reach you',
      roles: STAFF_ROLES,
      body: Profile,
      response: Profile,
      handler: async ({ viewer, body }) => {
        await deps
          .knex('staff')
          .where({ id: viewer.id })
          .update({ notificationProfile: JSON.stringify(body) });
        return body;
      },
    }),
  ];
}
