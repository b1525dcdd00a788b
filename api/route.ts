import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import type { StaffRole } from '../db/models/staff';
import { validationProblem } from './errors';
import { requireRole } from './middleware/auth';
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
  handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>, ctx: Context) => Promise<unknown>;
}

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(route: Route<P, Q, B>): Route {
  return route as unknown as Route;
}

function parse(schema: Schema | undefined, value: unknown, where: string) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: [where, ...issue.path].join('.'),
    message: issue.message,
  }));
  throw validationProblem(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
}

/** Koa paths use `:id`; OpenAPI uses `{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function mountRoutes(router: Router, routes: Route[], sessions: Sessions): void {
  for (const route of routes) {
    const chain: Middleware[] = [];
    if (route.roles) chain.push(requireRole(sessions, route.roles));
    chain.push(async (ctx) => {
      const input = {
        params: parse(route.params, ctx.params, 'params'),
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
