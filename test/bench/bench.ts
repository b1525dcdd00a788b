/**
 * `npm run bench -- --n 200 --c 10`: what a ticket costs next to a bare Temporal workflow start.
 * Creates N tickets through the HTTP API, then starts N empty workflows on the same Temporal server,
 * both at concurrency C; then the SLA scenario: K tickets whose deadlines spread over a window, and how
 * late their escalations ran. On a stack of its own that it stops again, even when a phase fails.
 */

import { onStopSignal } from '../../scripts/stop-signals';
import { loginAsManager } from './api-client';
import { type BenchFlags, parseFlags } from './flags';
import { awaitCompletion, createTickets, type Load, startEmptyWorkflows } from './phases';
import { benchResult, printResult, writeResult } from './report';
import { runSlaScenario } from './sla-scenario';
import { startBenchStack } from './stack';
import { Teardown } from './teardown';

let flags: BenchFlags;
try {
  flags = parseFlags(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

// Aborted by a stop signal or a dead worker: the phase under way ends, setup goes no further.
const interrupt = new AbortController();
const teardown = new Teardown(interrupt.signal);
let interruptedBy: NodeJS.Signals | null = null;

// Ctrl-C ends the current phase and lets the normal teardown run. Later signals change nothing:
// tsx may relay the same Ctrl-C a second time.
onStopSignal((signal) => {
  if (interruptedBy) return;
  interruptedBy = signal;
  console.error(`bench: ${signal}, stopping`);
  interrupt.abort(new Error(`interrupted by ${signal}`));
});
// A library error thrown outside any await (a retry timer on a closed channel) must not end the
// process before the dev server is stopped and the database dropped.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error) => {
    console.error(`bench: ${event}:`, error);
    void teardown.run().finally(() => process.exit(1));
  });
}

let exitCode = 1;
try {
  const stack = await startBenchStack(teardown);
  stack.workerStopped.catch((error: unknown) => interrupt.abort(error));
  const load: Load = {
    concurrency: flags.c,
    timeoutMs: flags.timeoutSeconds * 1000,
    signal: interrupt.signal,
  };
  const token = await loginAsManager(stack.apiUrl);

  // One round per lane first: opens the HTTP and database connections and loads the workflow
  // bundle into the worker, costs every later call would not pay again.
  const warmup = flags.c;
  await createTickets(stack, token, load, warmup, 'warmup');
  const warmStarts = await startEmptyWorkflows(stack, load, warmup, 'warmup');

  let throughput = null;
  if (flags.scenario !== 'sla') {
    const tickets = await createTickets(stack, token, load, flags.n, 'run');
    const starts = await startEmptyWorkflows(stack, load, flags.n, 'run');
    await awaitCompletion(stack, load, [...warmStarts.workflowIds, ...starts.workflowIds]);
    throughput = { tickets, starts };
  }
  const sla =
    flags.scenario === 'tickets'
      ? null
      : await runSlaScenario(stack, token, load, {
          k: flags.slaK,
          windowMs: flags.slaWindowSeconds * 1000,
          targetMs: flags.slaTargetSeconds * 1000,
        });

  const result = benchResult(flags, warmup, stack.temporalServer, throughput, sla);
  printResult(result);
  console.log(`wrote ${await writeResult(result)}`);
  exitCode = 0;
} catch (error) {
  if (interruptedBy) exitCode = 130;
  else console.error('bench failed:', error);
} finally {
  await teardown.run();
}
// A stray handle (a pool's timer, a socket) must not keep a finished bench alive.
process.exit(exitCode);
