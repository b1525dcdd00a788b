import type { Context, Middleware } from 'koa';
import type { Logger } from '../../config/logger';
import { Problem } from '../errors';

/**
 * Every request has a server-side deadline: one that overruns it (a locked row, a Temporal call that
 * never answers) is answered with a 503 problem instead of holding the client and a socket forever.
 * Commands that wait for a workflow answer 202 well before it (temporal/commands/tickets.ts); the
 * handler that overran goes on in the background and its late outcome is only logged.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const DEADLINE_AT = 'deadlineAt';

/** Milliseconds this request has left before its deadline answers for it (Infinity outside one). */
export function timeLeftMs(ctx: Context): number {
  const at = ctx.state[DEADLINE_AT] as number | undefined;
  return at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - Date.now());
}

export const deadlineExceeded = (timeoutMs: number) =>
  new Problem(
    503,
    'deadline_exceeded',
    'The request took too long',
    `The request did not finish within ${timeoutMs / 1000} s. It may still take effect: look before you ` +
      'retry, or retry with the same Idempotency-Key.',
  );

export function deadline(timeoutMs: number, log: Logger): Middleware {
  return async (ctx, next) => {
    ctx.state[DEADLINE_AT] = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<'overrun'>((resolve) => {
      timer = setTimeout(() => resolve('overrun'), timeoutMs);
    });
    const work = next();
    try {
      const first = await Promise.race([work, overrun]);
      if (first !== 'overrun') return;
    } finally {
      clearTimeout(timer);
    }
    const started = { method: ctx.method, path: ctx.path, timeoutMs };
    log.warn(started, 'request overran its deadline');
    work.catch((error: unknown) => log.warn({ ...started, err: error }, 'overrun request failed later'));
    // Headers and body that the late handler sets no longer reach this answer.
    ctx.set('Retry-After', '5');
    throw deadlineExceeded(timeoutMs);
  };
}
