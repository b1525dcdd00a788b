import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import type { Knex } from 'knex';
import { z } from 'zod';

export const Check = z.object({
  ok: z.boolean(),
  ms: z.number().describe('how long the probe took'),
  error: z.string().optional().describe('why the part is not ready'),
});
export type Check = z.infer<typeof Check>;

const PROBE_TIMEOUT_MS = 3_000;

/** Runs one probe with its own deadline, so a hung part cannot hang the health answer. */
export async function check(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, ms: ms() };
  } catch (error) {
    return { ok: false, ms: ms(), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export const databaseProbe = (knex: Knex) => () => knex.raw('select 1');

export const temporalProbe = (client: Client) => () => client.connection.workflowService.getSystemInfo({});

const queueTypes = [
  ['workflow', proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
  ['activity', proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
] as const;

/**
 * Some worker polls both the workflow and the activity task queue of `taskQueue`. Temporal lists
 * pollers for minutes after they stop, so only one that polled within `staleMs` counts; an idle
 * worker starts a new long poll at least once a minute.
 */
export const workerProbe = (client: Client, taskQueue: string, staleMs: number) => async () => {
  const polled = await Promise.all(
    queueTypes.map(async ([name, taskQueueType]) => {
      const { pollers } = await client.connection.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: {
          name: taskQueue,
          kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
        },
        taskQueueType,
      });
      const recent = (pollers ?? []).some(
        (poller) => Date.now() - (optionalTsToMs(poller.lastAccessTime) ?? 0) <= staleMs,
      );
      return recent ? null : name;
    }),
  );
  const missing = polled.filter((name) => name !== null);
  if (missing.length > 0) {
    throw new Error(
      `no worker polled the ${missing.join(' and ')} task queue "${taskQueue}" in the last ${staleMs / 1000} s`,
    );
  }
};
