import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Priority } from '../../workflows/domain/ticket';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';

/** Far enough ahead that the ticket continues as new first (a few seconds), near enough to wait for. */
const followUpInMs = 20_000;
/** A run is asked to continue as new past 200 history events (the test server's setting); each change adds ~15. */
const maxChanges = 150;

let stack: Stack;

before(async () => {
  stack = await startStack();
});
after(() => stack.stop());

test('a long-lived ticket continues as new, twice, keeping its priority, version and pending follow-up', async () => {
  const { departmentId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  const alice = await stack.login('alice@duradesk.test');
  const opened = await stack.request('POST', '/api/tickets', {
    token: alice,
    body: {
      subject: 'Long-lived',
      body: 'Many changes',
      customer: { email: 'long@example.com' },
      departmentId,
    },
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const number: number = opened.body.number;
  const workflow = stack.client.workflow.getHandle(ticketWorkflowId(number));
  const firstRunId = (await workflow.describe()).runId;

  const dueAt = new Date(Date.now() + followUpInMs).toISOString();
  const scheduled = await stack.request('POST', `/api/tickets/${number}/follow-ups`, {
    token: alice,
    body: { dueAt, note: 'Still there?' },
  });
  assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));

  // Agents keep changing the priority until the ticket's history has twice grown past the server's limit.
  const runIds = new Set([firstRunId]);
  let changes = 0;
  let priority: Priority = 'normal';
  while (runIds.size < 3) {
    assert.ok(changes < maxChanges, `only ${runIds.size - 1} continue-as-new after ${changes} changes`);
    priority = changes % 2 === 0 ? 'high' : 'urgent';
    const changed = await stack.request('PUT', `/api/tickets/${number}/priority`, {
      token: alice,
      body: { priority },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    changes++;
    assert.equal(changed.body.version, scheduled.body.version + changes);
    runIds.add((await workflow.describe()).runId);
  }
  assert.ok(Date.now() < Date.parse(dueAt), 'the ticket continued as new before its follow-up was due');

  const current = await workflow.describe();
  assert.equal(current.status.name, 'RUNNING');
  assert.equal(current.raw.workflowExecutionInfo?.firstRunId, firstRunId, 'the same ticket, a later run');
  const first = await stack.client.workflow.getHandle(ticketWorkflowId(number), firstRunId).describe();
  assert.equal(first.status.name, 'CONTINUED_AS_NEW');

  const ticket = (await stack.request('GET', `/api/tickets/${number}`, { token: alice })).body;
  assert.equal(ticket.priority, priority);
  assert.equal(ticket.version, opened.body.version + 1 + changes, 'opened, a follow-up, then each change');
  assert.equal(ticket.status, 'follow-up');
  assert.equal(ticket.followUpAt, dueAt);

  // The new run answers from the carried state, not from a fresh ticket.
  const pinned = await stack.request('PUT', `/api/tickets/${number}/pin`, {
    token: alice,
    body: { pinned: true },
  });
  assert.equal(pinned.status, 200, JSON.stringify(pinned.body));
  assert.equal(pinned.body.version, ticket.version + 1);
  assert.equal(pinned.body.pinned, true);
  assert.equal(pinned.body.priority, priority);
  assert.equal(pinned.body.followUpAt, dueAt);

  // The follow-up scheduled in the first run comes due in a later one, once.
  const back = await eventually(async () => {
    const read = (await stack.request('GET', `/api/tickets/${number}`, { token: alice })).body;
    return read.status === 'active' ? read : undefined;
  }, followUpInMs + 15_000);
  assert.ok(Date.parse(back.updatedAt) >= Date.parse(dueAt), 'not before its time');
  assert.equal(back.followUpAt, null);
  const notices = await eventually(async () => {
    const rows = await stack.knex('notices').where({ ticketNumber: number, kind: 'follow-up-due' });
    return rows.length > 0 ? rows : undefined;
  });
  assert.deepEqual(
    notices.map((notice) => notice.note),
    ['Still there?'],
  );
  await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/continued-as-new');
});
