import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { runFaultSuite } from './harness';
import { ciSize, seedFromEnv } from './options';

test('kill -9 of the worker, the API, the Temporal dev server and PostgreSQL under load: no ticket, message or timer lost or doubled; overdue timers act within 5 s of recovery', async () => {
  const seed = seedFromEnv();
  console.log(`fault: seed ${seed}`);
  const run = await runFaultSuite({
    ...ciSize,
    seed,
    log: (line) => console.log(`fault: ${line}`),
    // A ticket whose timer came due while the worker was dead, and one while the dev server was: their
    // histories (lost tasks, retried activities) must replay like any other.
    beforeStop: async (client, timers) => {
      for (const part of ['worker', 'temporal']) {
        const timer = timers.find((candidate) => candidate.during === part);
        if (timer)
          await saveHistory(client, ticketWorkflowId(timer.ticket), `ticket/timer-across-${part}-kill`);
      }
    },
  });
  for (const line of run.figures) console.log(`fault: ${line}`);
  assert.deepEqual(run.problems, [], `seed ${seed}: FAULT_SEED=${seed} replays this run`);
});
