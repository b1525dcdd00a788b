import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { killWorkerProcess, startWorkerProcess } from '../support/worker-process';

let stack: Stack;
let worker: ChildProcess | null = null;

before(async () => {
  stack = await startStack({ worker: false });
});
after(async () => {
  if (worker) await killWorkerProcess(worker);
  await stack.stop();
});

test('a worker killed while tickets are open loses nothing: after a restart the tickets go on', async () => {
  worker = startWorkerProcess(stack);
  const token = await stack.login('alice@duradesk.test');
  const departmentId = await stack.departmentId('Support');
  const open = (subject: string) =>
    stack.request('POST', '/api/tickets', {
      token,
      body: { subject, body: 'Before the crash', customer: { email: 'crash@example.com' }, departmentId },
    });
  const first = (await open('Crash A')).body.number;
  const second = (await open('Crash B')).body.number;
  await stack.request('POST', `/api/tickets/${first}/replies`, {
    token,
    body: { body: 'Waiting on you', status: 'waiting' },
  });

  await killWorkerProcess(worker);
  worker = null;

  // While no worker runs: a customer writes (a signal, accepted at once) and an agent replies (an
  // update, which needs a worker to run it: late, it answers 503 or 202, and the agent's client retries
  // with the same Idempotency-Key until the answer comes).
  const customer = await stack.request('POST', `/api/tickets/${first}/customer-messages`, {
    token,
    body: { body: 'Written during the outage' },
  });
  assert.equal(customer.status, 202);
  const sendReply = () =>
    stack.request('POST', `/api/tickets/${second}/replies`, {
      token,
      headers: { 'idempotency-key': `reply-across-restart-${second}` },
      body: { body: 'Answered across the restart', status: 'waiting' },
    });
  const reply = sendReply();

  worker = startWorkerProcess(stack);
  const answered = await reply;
  const replied =
    answered.status === 200
      ? answered
      : await eventually(async () => {
          const answer = await sendReply();
          return answer.status === 503 || answer.status === 202 ? undefined : answer;
        }, 60_000);
  assert.equal(replied.status, 200);
  assert.equal(replied.body.status, 'waiting');

  const reopened = await eventually(async () => {
    const ticket = await stack.request('GET', `/api/tickets/${first}`, { token });
    return ticket.body.status === 'active' ? ticket.body : undefined;
  }, 30_000);
  assert.deepEqual(
    reopened.messages.map((message: { body: string }) => message.body),
    ['Before the crash', 'Waiting on you', 'Written during the outage'],
  );

  for (const number of [first, second]) {
    const closed = await stack.request('POST', `/api/tickets/${number}/close`, { token });
    assert.equal(closed.body.status, 'closed');
  }
  const rows = await stack.knex('tickets').whereIn('number', [first, second]).orderBy('number');
  assert.deepEqual(
    rows.map((row) => [row.number, row.status, row.version]),
    [
      [first, 'closed', 4],
      [second, 'closed', 3],
    ],
  );
  await saveHistory(stack.client, ticketWorkflowId(first), 'ticket/customer-message-during-worker-outage');
  await saveHistory(stack.client, ticketWorkflowId(second), 'ticket/agent-reply-across-worker-restart');
});
