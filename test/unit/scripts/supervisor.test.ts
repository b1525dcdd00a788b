import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { createSupervisor, type Running } from '../../../scripts/supervisor';

/** A logger whose lines the test reads. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { log: pino({}, stream), messages: () => lines.map((line) => JSON.parse(line).msg as string) };
}

/** A real process running `script` under node. */
function nodeProcess(script: string): Running & { pid: number } {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid ?? -1,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the npm start supervisor', () => {
  test('a part killed with -9 is started again, with a line saying what died and that it restarts', async () => {
    const { log, messages } = capturedLog();
    const supervisor = createSupervisor({ log, firstDelayMs: 10, giveUp: () => assert.fail('gave up') });
    const runs: (Running & { pid: number })[] = [];
    await supervisor.run({
      name: 'the sleeper',
      start: async () => {
        runs.push(nodeProcess('setTimeout(() => {}, 60_000)'));
        return runs.at(-1) as Running;
      },
    });
    process.kill(runs[0]?.pid ?? -1, 'SIGKILL');
    await until(() => messages().includes('the sleeper restarted'));
    assert.equal(runs.length, 2);
    assert.ok(messages().includes('the sleeper died (signal SIGKILL); restarting it in 0.01 s'));

    await supervisor.stopAll(() => assert.fail('stop failed'));
    assert.deepEqual(await runs[1]?.exited, { code: null, signal: 'SIGTERM' });
    assert.equal(runs.length, 2, 'nothing restarts once stopping');
  });

  test('a part that keeps dying makes it give up once, naming the part', async () => {
    const { log } = capturedLog();
    const reasons: string[] = [];
    const supervisor = createSupervisor({
      log,
      maxDeaths: 5,
      windowMs: 60_000,
      firstDelayMs: 10,
      giveUp: (message) => reasons.push(message),
    });
    let starts = 0;
    await supervisor.run({
      name: 'the crasher',
      start: async () => {
        starts += 1;
        return nodeProcess('process.exit(3)');
      },
    });
    await until(() => reasons.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(reasons, ['the crasher died (exit code 3), its 5th failure within 60 s: giving up']);
    assert.equal(starts, 5, 'started once and restarted four times');
    await supervisor.stopAll(() => undefined);
  });
});
