import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { Problem } from '../../errors';
import { defineRoute } from '../../route';
import { Check, check, databaseProbe, temporalProbe, workerProbe } from './checks';

const Part = z.enum(['database', 'temporal', 'worker']);
const ReadySchema = z.object({
  ready: z.boolean(),
  failing: z.array(Part).describe('the parts that are not ready; empty when ready'),
  database: Check,
  temporal: Check,
  worker: Check.extend({ taskQueue: z.string().describe('the task queue a worker must poll') }),
});
const LiveSchema = z.object({ live: z.literal(true) });

/** How long after its last poll a worker still counts; an idle worker polls at least once a minute. */
const DEFAULT_WORKER_STALE_SECONDS = 90;
/**
 * Answers within this long of a round of probes reuse it: health is not rate-limited (it must answer
 * when PostgreSQL, where the limits live, does not), so a flood of probes costs one round a second.
 */
const REUSE_MS = 1_000;

export function healthRoutes(deps: ApiDeps) {
  const staleMs = (deps.workerStaleSeconds ?? DEFAULT_WORKER_STALE_SECONDS) * 1000;
  const probe = async (): Promise<z.infer<typeof ReadySchema>> => {
    const [database, temporal, worker] = await Promise.all([
      check(databaseProbe(deps.knex)),
      check(temporalProbe(deps.temporal)),
      check(workerProbe(deps.temporal, deps.taskQueue, staleMs)),
    ]);
    if (!temporal.ok) worker.error = 'unknown: Temporal does not answer';
    const parts = { database, temporal, worker };
    const failing = Part.options.filter((part) => !parts[part].ok);
    return {
      ready: failing.length === 0,
      failing,
      ...parts,
      worker: { ...worker, taskQueue: deps.taskQueue },
    };
  };
  // The round in flight, or the last one if it ended within REUSE_MS.
  let last: { endedAt: number | null; answer: Promise<z.infer<typeof ReadySchema>> } | null = null;
  const ready = () => {
    const fresh = last && (last.endedAt === null || performance.now() - last.endedAt <= REUSE_MS);
    if (!fresh || !last) {
      const round: NonNullable<typeof last> = { endedAt: null, answer: probe() };
      void round.answer.finally(() => (round.endedAt = performance.now()));
      last = round;
    }
    return last.answer;
  };
  const readiness = (path: string) =>
    defineRoute({
      method: 'get',
      path,
      tag: 'health',
      summary:
        'Ready: PostgreSQL and Temporal answer and a worker polls the task queue; otherwise a 503 problem `not_ready` naming the failing parts (with the same fields)',
      response: ReadySchema,
      handler: async () => {
        const body = await ready();
        if (body.ready) return body;
        // A problem like every other error answer, carrying the parts as well.
        const detail = body.failing.map((part) => `${part}: ${body[part].error}`).join('; ');
        throw new Problem(503, 'not_ready', 'Not ready', detail, body);
      },
    });
  return [
    readiness('/api/health'),
    readiness('/api/health/ready'),
    defineRoute({
      method: 'get',
      path: '/api/health/live',
      tag: 'health',
      summary: 'Live: the API process answers (200 while it runs, whatever the other parts do)',
      response: LiveSchema,
      handler: async () => ({ live: true as const }),
    }),
  ];
}
