import type { Middleware } from 'koa';
import { addressKey, consume, hashedKey } from '../protection/limiters';
import type { Protection } from '../protection/protection';
import { sessionToken } from './auth';

/**
 * Limits API requests per session and per client address (429 with Retry-After beyond either). The
 * session is counted by its token before it is resolved, so a flood costs no session lookups.
 */
export function apiRateLimit(protection: Protection): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    // Health must answer when PostgreSQL, where the counters live, does not; it reuses its probes instead.
    if (ctx.path === '/api/health' || ctx.path.startsWith('/api/health/')) return next();
    const token = sessionToken(ctx);
    await Promise.all([
      consume(ctx, protection.api.byAddress, addressKey(ctx.ip), 'requests from this address'),
      token
        ? consume(ctx, protection.api.bySession, hashedKey(token), 'requests in this session')
        : undefined,
    ]);
    await next();
  };
}
