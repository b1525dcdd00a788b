import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFaultSuite } from './harness';
import { ciSize, seedFromEnv } from './options';

test('kill -9 of the worker, the API, the Temporal dev server and PostgreSQL under load: no ticket, message or timer lost or doubled; overdue timers act within 5 s of recovery', async () => {
  const seed = seedFromEnv();
  console.log(`fault: seed ${seed}`);
  const run = await runFaultSuite({ ...ciSize, seed, log: (line) => console.log(`fault: ${line}`) });
  for (const line of run.figures) console.log(`fault: ${line}`);
  assert.deepEqual(run.problems, [], `seed ${seed}: FAULT_SEED=${seed} replays this run`);
});
