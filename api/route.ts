import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { StaffRole } from '../db/models/staff';
import { Problem, validationProblem } from './errors';
import { requireRole } from './middleware/auth';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyProblem } from './schema/idempotency-key';
import { findUnsafeInput, type InputProblem } from './schema/untrusted';
import type { Sessions, Viewer } from './sessions';

type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  viewer: Viewer;
}

/**
 * One endpoint: its zod schemas validate requests and generate the OpenAPI document, so the two
 * cannot disagree. `roles` absent means public.
 */
export interface Route<
  P extends Schema | undefined = Schema | undefined,
  Q = Schema | undefined,
  B = Schema | undefined,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  roles?: readonly StaffRole[];
  params?: P;
  query?: Q;
  body?: B;
  response?: Schema;
  status?: number;
  /**
   * Sends a command to a ticket workflow: besides its success it may answer 202 (taken, still being
   * processed) or 503 (not taken in time; retry with the same Idempotency-Key), as the document says.
   */
  workflowCommand?: boolean;
  handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>, ctx: Context) => Promise<unknown>;
}

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(route: Route<P, Q, B>): Route {
  return route as unknown as Route;
}

/** Problems named in one answer at most: a hostile request with thousands cannot make a huge answer. */
const MAX_PROBLEMS = 20;

const refuse = (all: InputProblem[]): never => {
  const errors = all.slice(0, MAX_PROBLEMS);
  const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
  throw validationProblem(errors.map((error) => `${error.path}: ${error.message}`).join('; ') + more, errors);
};

/** What a route without a query or body schema takes: nothing (an unknown key is refused, not ignored). */
const nothing = z.strictObject({});

function parse(schema: Schema | undefined, value: unknown, where: string) {
  const result = (schema ?? nothing).safeParse(value);
  if (result.success) return schema ? result.data : undefined;
  refuse(
    result.error.issues.flatMap((issue) => {
      const at = [where, ...issue.path].join('.');
      // One entry per unknown key, at its own path, so the misspelt key is named where it is.
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => ({
          path: `${at}.${key}`,
          message: `is not a known ${where === 'query' ? 'parameter' : 'field'}`,
        }));
      return [{ path: at, message: issue.message }];
    }),
  );
}

/**
 * The check before any route schema: NUL, lone surrogates and excessive nesting anywhere in the
 * request, and the Idempotency-Key header's form (api/schema/untrusted.ts, idempotency-key.ts).
 */
function refuseUnsafeInput(ctx: Context): void {
  const key = idempotencyKeyProblem(ctx.headers[IDEMPOTENCY_KEY_HEADER]);
  const problems = [
    ...findUnsafeInput(ctx.params, 'params'),
    ...findUnsafeInput(ctx.query, 'query'),
    ...findUnsafeInput(ctx.request.body, 'body'),
    ...(key ? [key] : []),
  ];
  if (problems.length > 0) refuse(problems);
}

/**
 * A body in another format than JSON (a form, text, XML) is not read at all: a 415 says so, rather than
 * a 400 about fields that seem to be missing.
 */
function refuseNonJsonBody(ctx: Context): void {
  if (!ctx.request.length && !ctx.get('transfer-encoding')) return;
  if (ctx.request.is('json')) return;
  throw new Problem(
    415,
    'unsupported_media_type',
    'Unsupported media type',
    `The request body must be JSON (Content-Type: application/json), not ${ctx.get('content-type') || 'untyped'}.`,
  );
}

/** Koa paths use `:id`; OpenAPI uses `{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function mountRoutes(router: Router, routes: Route[], sessions: Sessions): void {
  for (const route of routes) {
    const chain: Middleware[] = [];
    if (route.roles) chain.push(requireRole(sessions, route.roles));
    chain.push(async (ctx) => {
      refuseNonJsonBody(ctx);
      refuseUnsafeInput(ctx);
      const input = {
        params: route.params ? parse(route.params, ctx.params, 'params') : undefined,
        query: parse(route.query, ctx.query, 'query'),
        body: parse(route.body, ctx.request.body ?? {}, 'body'),
        viewer: ctx.state.viewer,
      };
      const result = await route.handler(input, ctx);
      if (ctx.body === undefined) {
        ctx.status = route.status ?? 200;
        ctx.body = result;
      }
    });
    router[route.method](route.path, ...chain);
  }
}
