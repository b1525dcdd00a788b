import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Context, Middleware } from 'koa';
import type { Logger } from '../../config/logger';
import { NotReceived, StillProcessing } from '../../temporal/commands/answer-in-time';
import type { TicketState } from '../../workflows/domain/ticket';
import { toTicketView } from '../../workflows/domain/ticket-view';
import { conflict, notFound, Problem } from '../errors';
import { isDatabaseUnavailable } from './database-unavailable';

const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Turns known failures into problems; anything else is logged and answered as a bare 500. */
function toProblem(error: unknown): Problem | null {
  if (error instanceof Problem) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    // The workflow refuses with its current state, so the caller can see what it collided with.
    const [current] = (error.cause.details ?? []) as TicketState[];
    return conflict(error.cause.message, current ? { current: toTicketView(current) } : {});
  }
  if (error instanceof WorkflowNotFoundError) return notFound('That ticket does not exist.');
  if (error instanceof NotReceived)
    return new Problem(503, 'not_received', 'Not received in time', error.message, {
      retryAfterSeconds: error.retryAfterSeconds,
    });
  if (isDatabaseUnavailable(error))
    return new Problem(
      503,
      'database_unavailable',
      'The database is unavailable',
      'PostgreSQL is not answering (restarting or unreachable); try again shortly. With the same ' +
        'Idempotency-Key a retried command never posts twice.',
      { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    );
  // Koa and its body parser mark client errors with a 4xx status (malformed JSON, body too large).
  const status = (error as { status?: number }).status;
  if (status && status >= 400 && status < 500) {
    const detail =
      error instanceof SyntaxError
        ? `The request body is not valid JSON: ${error.message}.`
        : (error as Error).message;
    const type = status === 413 ? 'payload_too_large' : 'bad_request';
    return new Problem(status, type, status === 413 ? 'Payload too large' : 'Bad request', detail);
  }
  return null;
}

function methodProblem(ctx: Context): Problem {
  const allowed = ctx.response.get('Allow');
  if (ctx.status === 501)
    return new Problem(
      501,
      'not_implemented',
      'Method not implemented',
      `This API does not implement ${ctx.method}.`,
    );
  return new Problem(
    405,
    'method_not_allowed',
    'Method not allowed',
    `${ctx.method} is not allowed on ${ctx.path}${allowed ? `; allowed: ${allowed}` : ''}.`,
  );
}

export function problems(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw notFound(`No route for ${ctx.method} ${ctx.path}.`);
      // The router's own 405 and 501 (allowedMethods) come without a body; its Allow header stays.
      if ((ctx.status === 405 || ctx.status === 501) && !ctx.body) throw methodProblem(ctx);
    } catch (error) {
      if (error instanceof StillProcessing) {
        // Durably taken, not yet answered: not a failure. The ticket's location shows the outcome.
        ctx.status = 202;
        ctx.set('Location', error.location);
        ctx.body = {
          status: 'processing',
          ticketNumber: error.ticketNumber,
          location: error.location,
          detail: error.message,
        };
        return;
      }
      const problem = toProblem(error);
      const retryAfter = problem?.extra.retryAfterSeconds;
      if (typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
      if (!problem) log.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      else if (problem.type === 'database_unavailable')
        log.warn({ err: error, method: ctx.method, path: ctx.path }, 'database unavailable');
      const answer =
        problem ?? new Problem(500, 'internal_error', 'Internal error', 'Something went wrong on our side.');
      ctx.status = answer.status;
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: answer.type,
        title: answer.title,
        status: answer.status,
        detail: answer.message,
        ...answer.extra,
      };
    }
  };
}
