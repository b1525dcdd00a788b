import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { killWorkerProcess, startWorkerProcess } from '../support/worker-process';

/**
 * A worker that hangs (stopped, swapping, stuck in a long GC) holds the workflow task it took until the
 * task times out, and Temporal then refuses updates to that workflow for a while ("workflow task in
 * failed state"). Clients retrying with their key meanwhile must hear "not yet, retry", never a 500.
 */
let stack: Stack;
let worker: ChildProcess;
let alice: string;

before(async () => {
  stack = await startStack({ worker: false, answerTimeoutMs: 1_500 });
  worker = startWorkerProcess(stack);
  alice = await stack.login('alice@duradesk.test');
});
after(async () => {
  await killWorkerProcess(worker);
  await stack.stop();
});

test('while the worker hangs, retried commands with one key answer 202 or 503 (never 500), and apply once after', async () => {
  const departmentId = await stack.departmentId('Support');
  const opened = await eventually(async () => {
    const answer = await stack.request('POST', '/api/tickets', {
      token: alice,
      headers: { 'idempotency-key': 'frozen-worker-ticket' },
      body: { subject: 'Hung worker', body: 'Hello', customer: { email: 'hung@example.com' }, departmentId },
    });
    return answer.status === 201 ? answer.body : undefined;
  }, 60_000);

  worker.kill('SIGSTOP');
  const comment = () =>
    stack.request('POST', `/api/tickets/${opened.number}/comments`, {
      token: alice,
      headers: { 'idempotency-key': 'frozen-worker-comment' },
      body: { body: 'Written while the worker hangs' },
    });
  const statuses: number[] = [];
  // Long enough for the hung worker's workflow task to time out (5 s) and be refused for a while.
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const answer = await comment();
    statuses.push(answer.status);
    assert.ok([202, 503].includes(answer.status), JSON.stringify(answer.body));
    if (answer.status === 503) assert.ok(Number(answer.headers.get('retry-after')) >= 1);
    await sleep(500);
  }

  worker.kill('SIGCONT');
  // Until its next workflow task succeeds, Temporal still refuses updates: the same honest answers.
  const applied = await eventually(async () => {
    const answer = await comment();
    statuses.push(answer.status);
    assert.ok([200, 202, 503].includes(answer.status), JSON.stringify(answer.body));
    return answer.status === 200 ? answer.body : undefined;
  }, 60_000);
  assert.ok(applied.version > opened.version);
  const comments = await stack
    .knex('messages')
    .where({ ticketNumber: opened.number, kind: 'internal', accepted: true });
  assert.equal(comments.length, 1, `statuses while hung: ${statuses.join(' ')}`);
  await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/commands-while-worker-hung');
});
