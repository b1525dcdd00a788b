import { z } from 'zod';
import { receivingGroupIds } from '../../../db/groups';
import { STAFF_ROLES } from '../../../db/models/staff';
import type { ApiDeps } from '../../deps';
import { sessionToken } from '../../middleware/auth';
import { servedOverHttps } from '../../protection/settings';
import { defineRoute } from '../../route';
import { email, raw, strict } from '../../schema/fields';
import { SESSION_COOKIE } from '../../sessions';
import { checkCredentials } from './credentials';

const LoginBody = strict({ email, password: raw(1_000).min(1, 'must not be empty') });
const ViewerSchema = z.object({
  id: z.number().int(),
  email: z.email(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  groupIds: z.array(z.number().int()),
  departmentIds: z.array(z.number().int()),
});
const SessionSchema = z.object({ token: z.string(), expiresAt: z.iso.datetime(), staff: ViewerSchema });

export function authRoutes(deps: ApiDeps) {
  // TLS may end at a proxy that this node cannot see: the configured public URL decides.
  const secureCookies = servedOverHttps(deps.protection.settings);
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      summary: 'Log in with email and password; returns a bearer token and sets the session cookie',
      body: LoginBody,
      response: SessionSchema,
      handler: async ({ body }, ctx) => {
        const staff = await checkCredentials(deps.protection, ctx, body);
        const session = await deps.sessions.open(staff.id);
        // The cookies library refuses Secure cookies on a plain connection, which a TLS proxy makes.
        if (secureCookies) ctx.cookies.secure = true;
        ctx.cookies.set(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'lax',
          expires: session.expiresAt,
          secure: secureCookies,
        });
        const viewer = (await deps.sessions.resolve(session.token))!;
        // Logging in makes the agent available: queued tickets of the groups they receive from are
        // offered by a durable broadcast, so the login answers once it is started, worker or not.
        await deps.tickets.offerQueuedTickets(await receivingGroupIds(deps.knex, staff.id));
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), staff: viewer };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      summary: 'End the current session',
      roles: STAFF_ROLES,
      status: 204,
      handler: async (_input, ctx) => {
        const token = sessionToken(ctx);
        if (token) await deps.sessions.close(token);
        ctx.cookies.set(SESSION_COOKIE, null);
        ctx.status = 204;
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      tag: 'auth',
      summary: 'The logged-in staff member',
      roles: STAFF_ROLES,
      response: ViewerSchema,
      handler: async ({ viewer }) => viewer,
    }),
  ];
}
