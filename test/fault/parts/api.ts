import { childSlot, readyUnlessExited, startChild } from './child';
import { type ExitWatch, type Part, until } from './part';
import type { StackAddresses } from './worker';

/** The real API entry point (api/main.ts) as a process on `port`; it serves once its health check is green. */
export function apiPart(stack: StackAddresses, port: number, onExit: ExitWatch): Part & { url: string } {
  const url = `http://127.0.0.1:${port}`;
  const slot = childSlot();
  return {
    name: 'api',
    url,
    async start() {
      const started = startChild(
        'api',
        'api/main.ts',
        [],
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: stack.databaseUrl(),
          TEMPORAL_ADDRESS: stack.temporalAddress,
          TEMPORAL_NAMESPACE: stack.namespace,
          TEMPORAL_TASK_QUEUE: stack.taskQueue,
          // One session sends the whole load, far above a person's rate: the limits are not under test here.
          API_RATE_PER_SESSION: '1000000',
          API_RATE_PER_ADDRESS: '1000000',
        },
        onExit,
      );
      slot.hold(started);
      const healthy = until(
        'API health',
        async () => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).status === 200,
        120_000,
      );
      await readyUnlessExited(started, 'the API', healthy);
    },
    kill: slot.kill,
    stop: slot.stop,
  };
}
