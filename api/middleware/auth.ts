import type { Context, Middleware } from 'koa';
import type { StaffRole } from '../../db/models/staff';
import { forbidden, unauthorized } from '../errors';
import { SESSION_COOKIE, type Sessions, type Viewer } from '../sessions';

/** The session token of a request: `Authorization: Bearer <token>` or the session cookie. */
export function sessionToken(ctx: Pick<Context, 'get' | 'cookies'>): string | undefined {
  const header = ctx.get('authorization');
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return ctx.cookies.get(SESSION_COOKIE) ?? undefined;
}

/** Lets through only staff whose role is in `roles`: 401 without a session, 403 with the wrong role. */
export function requireRole(sessions: Sessions, roles: readonly StaffRole[]): Middleware {
  return async (ctx, next) => {
    const token = sessionToken(ctx);
    const viewer: Viewer | null = token ? await sessions.resolve(token) : null;
    if (!viewer) throw unauthorized();
    if (!roles.includes(viewer.role)) {
      throw forbidden(`This needs one of the roles ${roles.join(', ')}; you are ${viewer.role}.`);
    }
    ctx.state.viewer = viewer;
    await next();
  };
}
