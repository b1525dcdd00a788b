import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { childSlot, readyUnlessExited, startChild } from './child';
import { type ExitWatch, type Part, until } from './part';

const { TaskQueueType } = proto.temporal.api.enums.v1;

export interface StackAddresses {
  databaseUrl: () => string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
}

/** Whether a poller of this process (the SDK's identity is `<pid>@<host>`) polls `type` on the queue. */
async function polls(client: Client, stack: StackAddresses, pid: number, type: number): Promise<boolean> {
  const described = await client.workflowService.describeTaskQueue({
    namespace: stack.namespace,
    taskQueue: { name: stack.taskQueue },
    taskQueueType: type,
  });
  return (described.pollers ?? []).some((poller) => poller.identity?.startsWith(`${pid}@`));
}

/**
 * The real worker entry point (temporal/worker-main.ts) as a process, as `npm start` runs it. It serves
 * once the server sees it poll for both workflow and activity tasks: the worker bundles the workflows at
 * each start, which is part of its outage.
 */
export function workerPart(stack: StackAddresses, client: () => Client, onExit: ExitWatch): Part {
  const slot = childSlot();
  return {
    name: 'worker',
    async start() {
      const started = startChild(
        'worker',
        'temporal/worker-main.ts',
        [],
        {
          DATABASE_URL: stack.databaseUrl(),
          TEMPORAL_ADDRESS: stack.temporalAddress,
          TEMPORAL_NAMESPACE: stack.namespace,
          TEMPORAL_TASK_QUEUE: stack.taskQueue,
        },
        onExit,
      );
      slot.hold(started);
      const pid = started.process.pid!;
      const polling = until(
        'worker polling',
        async () =>
          (await polls(client(), stack, pid, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)) &&
          (await polls(client(), stack, pid, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)),
        120_000,
      );
      await readyUnlessExited(started, 'the worker', polling);
    },
    kill: slot.kill,
    stop: slot.stop,
  };
}
