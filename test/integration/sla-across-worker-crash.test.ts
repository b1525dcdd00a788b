import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { changesOf, createPolicy, createRule, openTicket } from '../support/automation';
import { createDepartment } from '../support/department';
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

test('a worker killed before an SLA due time: after restart the breach is dated at the due instant and its rule acts once', async () => {
  worker = startWorkerProcess(stack);
  const manager = await stack.login('manager@duradesk.test');
  const { departmentId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  const [level2] = await stack.knex('groups').insert({ departmentId, name: 'Level 2' }).returning('id');
  const alice = await stack.login('alice@duradesk.test');
  await createPolicy(stack, manager, departmentId, [
    { kind: 'firstResponse', withinSeconds: 3, businessHours: false, warning: null },
  ]);
  const rule = await createRule(stack, manager, departmentId, {
    trigger: { on: 'slaBreached' },
    actions: [{ type: 'transfer', groupId: level2.id }],
  });
  const opened = await openTicket(stack, alice, departmentId);
  const dueAt = Date.parse(opened.slaDueAt);

  await killWorkerProcess(worker);
  worker = null;
  assert.ok(Date.now() < dueAt, 'the worker died before the due time');
  await sleep(dueAt - Date.now() + 1_500);
  assert.equal(
    (await changesOf(stack, opened.number)).filter((row) => row.event === 'transferred').length,
    0,
  );

  worker = startWorkerProcess(stack);
  // A killed worker's sticky queue takes a few seconds to time out before a new worker gets the ticket.
  const ticket = await eventually(async () => {
    const answer = (await stack.request('GET', `/api/tickets/${opened.number}`, { token: manager })).body;
    return answer.groupId === level2.id ? answer : undefined;
  }, 30_000);
  const firstResponse = ticket.sla.find((clock: { target: string }) => clock.target === 'firstResponse');
  assert.equal(firstResponse.breachedAt, new Date(dueAt).toISOString(), 'the verdict keeps the due instant');
  await sleep(2_000);
  const transfers = (await changesOf(stack, opened.number)).filter((row) => row.event === 'transferred');
  assert.deepEqual(
    transfers.map((row) => row.ruleId),
    [rule.id],
  );
  await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/sla-breach-across-worker-crash');
});
