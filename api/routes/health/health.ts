import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';

const Check = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), database: Check, temporal: Check });

async function check(probe: () => Promise<unknown>): Promise<z.infer<typeof Check>> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3_000).unref()),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export function healthRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      tag: 'health',
      summary: 'Whether PostgreSQL and Temporal answer; 503 when either does not',
      response: HealthSchema,
      handler: async (_input, ctx) => {
        const [database, temporal] = await Promise.all([
          check(() => deps.knex.raw('select 1')),
          check(() => deps.temporal.connection.workflowService.getSystemInfo({})),
        ]);
        const healthy = database.ok && temporal.ok;
        ctx.status = healthy ? 200 : 503;
        ctx.body = { status: healthy ? 'ok' : 'degraded', database, temporal };
        return ctx.body;
      },
    }),
  ];
}
