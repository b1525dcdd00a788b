import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { killWorkerProcess, startWorkerProcess } from '../support/worker-process';

const autoCloseAfterSeconds = 3;
const followUpInMs = 4_000;

let stack: Stack;
let worker: ChildProcess | null = null;

before(async () => {
  stack = await startStack({ worker: false });
});
after(async () => {
  if (worker) await killWorkerProcess(worker);
  await stack.stop();
});

test('a worker killed during a follow-up wait and an auto-close wait: both still fire exactly once after restart', async () => {
  worker = startWorkerProcess(stack);
  const manager = await stack.login('manager@duradesk.test');
  const { departmentId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  const timings = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
    token: manager,
    body: { autoCloseAfterSeconds },
  });
  assert.equal(timings.status, 200, JSON.stringify(timings.body));
  // A session carries the groups of its login: Alice logs in once she belongs to the department.
  const alice = await stack.login('alice@duradesk.test');
  const open = async (subject: string): Promise<number> => {
    const opened = await stack.request('POST', '/api/tickets', {
      token: alice,
      body: {
        subject,
        body: 'Before the crash',
        customer: { email: 'timers-crash@example.com' },
        departmentId,
      },
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    return opened.body.number;
  };
  const followUpTicket = await open('Call me back');
  const waitingTicket = await open('Waiting on the customer');

  const dueAt = Date.now() + followUpInMs;
  const scheduled = await stack.request('POST', `/api/tickets/${followUpTicket}/follow-ups`, {
    token: alice,
    body: { dueAt: new Date(dueAt).toISOString(), note: 'Call the customer back' },
  });
  assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
  const replied = await stack.request('POST', `/api/tickets/${waitingTicket}/replies`, {
    token: alice,
    body: { body: 'Does this help?', status: 'waiting' },
  });
  assert.equal(replied.body.status, 'waiting');
  const closesAt = Date.parse(replied.body.updatedAt) + autoCloseAfterSeconds * 1_000;

  await killWorkerProcess(worker);
  worker = null;
  assert.ok(Date.now() < Math.min(dueAt, closesAt), 'the worker died before either timer was due');

  // Both timers come due on the server while no worker runs: nothing can act on them yet.
  await sleep(Math.max(dueAt, closesAt) - Date.now() + 1_000);
  assert.equal((await read(followUpTicket, alice)).status, 'follow-up');
  assert.equal((await read(waitingTicket, alice)).status, 'waiting');

  worker = startWorkerProcess(stack);
  const back = await whenStatus(followUpTicket, 'active', alice);
  assert.ok(Date.parse(back.updatedAt) >= dueAt, 'not before its time');
  assert.equal(back.followUpAt, null);
  const closed = await whenStatus(waitingTicket, 'closed', alice);
  assert.ok(Date.parse(closed.closedAt) >= closesAt, 'not before the auto-close period');

  // The notice and the mail follow the read model by one activity; then they must stay single.
  const notices = () => stack.knex('notices').where({ ticketNumber: followUpTicket });
  const mails = () => stack.knex('mailOutbox').where({ ticketNumber: waitingTicket });
  await eventually(async () => ((await notices()).length > 0 ? true : undefined), 10_000);
  await eventually(async () => ((await mails()).length > 0 ? true : undefined), 10_000);
  await sleep(2_000);
  assert.deepEqual(
    (await notices()).map((notice) => [notice.kind, notice.note]),
    [['follow-up-due', 'Call the customer back']],
  );
  assert.deepEqual(
    (await mails()).map((mail) => mail.template),
    ['auto-close'],
  );

  await saveHistory(stack.client, ticketWorkflowId(followUpTicket), 'ticket/follow-up-across-worker-crash');
  await saveHistory(stack.client, ticketWorkflowId(waitingTicket), 'ticket/auto-close-across-worker-crash');
});

async function read(number: number, token: string) {
  return (await stack.request('GET', `/api/tickets/${number}`, { token })).body;
}

/** A killed worker's sticky queue takes a few seconds to time out before a new worker gets the ticket. */
function whenStatus(number: number, status: string, token: string) {
  return eventually(async () => {
    const ticket = await read(number, token);
    return ticket.status === status ? ticket : undefined;
  }, 30_000);
}
