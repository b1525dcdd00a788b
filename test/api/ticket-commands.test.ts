import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let alice: string;
let manager: string;

before(async () => {
  stack = await startStack();
  alice = await stack.login('alice@duradesk.test');
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

async function openTicket(): Promise<number> {
  const answer = await stack.request('POST', '/api/tickets', {
    token: alice,
    body: {
      subject: 'Commands',
      body: 'Please',
      customer: { email: 'commands@example.com' },
      departmentId: await stack.departmentId('Support'),
    },
  });
  return answer.body.number;
}

const change = (number: number, token: string, body: Record<string, unknown>) =>
  stack.request('POST', `/api/tickets/${number}/status`, { token, body });

describe('ticket commands', () => {
  test("an Idempotency-Key is its sender's own: another person sending the same key is a new command", async () => {
    const number = await openTicket();
    const comment = (token: string, body: string) =>
      stack.request('POST', `/api/tickets/${number}/comments`, {
        token,
        body: { body },
        headers: { 'idempotency-key': 'same-key-two-people' },
      });
    assert.equal((await comment(alice, 'From Alice')).status, 200);
    assert.equal((await comment(alice, 'From Alice, retried')).status, 200);
    assert.equal((await comment(manager, 'From the manager')).status, 200);
    const internal = await stack
      .knex('messages')
      .where({ ticketNumber: number, kind: 'internal', accepted: true })
      .orderBy('createdAt')
      .pluck('body');
    assert.deepEqual(internal, ['From Alice', 'From the manager']);
  });

  test('priority, pin and internal comments change the ticket; comments are kept as internal messages', async () => {
    const number = await openTicket();
    const urgent = await stack.request('PUT', `/api/tickets/${number}/priority`, {
      token: alice,
      body: { priority: 'urgent' },
    });
    assert.equal(urgent.body.priority, 'urgent');
    const pinned = await stack.request('PUT', `/api/tickets/${number}/pin`, {
      token: alice,
      body: { pinned: true },
    });
    assert.equal(pinned.body.pinned, true);
    const commented = await stack.request('POST', `/api/tickets/${number}/comments`, {
      token: alice,
      body: { body: 'VIP customer' },
    });
    assert.equal(commented.status, 200);
    const detail = await stack.request('GET', `/api/tickets/${number}`, { token: alice });
    assert.equal(detail.body.priority, 'urgent');
    assert.equal(detail.body.pinned, true);
    assert.deepEqual(
      detail.body.messages.map((message: { kind: string }) => message.kind),
      ['customer', 'internal'],
    );
    const bad = await stack.request('PUT', `/api/tickets/${number}/priority`, {
      token: alice,
      body: { priority: 'asap' },
    });
    assert.equal(bad.status, 400);
  });

  test('two agents acting on the same version: one wins, the other gets 409 with the current state', async () => {
    const number = await openTicket();
    const [first, second] = await Promise.all([
      stack.request('PUT', `/api/tickets/${number}/priority`, {
        token: alice,
        body: { priority: 'high', expectedVersion: 1 },
      }),
      stack.request('PUT', `/api/tickets/${number}/priority`, {
        token: manager,
        body: { priority: 'low', expectedVersion: 1 },
      }),
    ]);
    const statuses = [first.status, second.status].sort();
    assert.deepEqual(statuses, [200, 409]);
    const loser = first.status === 409 ? first : second;
    const winner = first.status === 200 ? first : second;
    assert.equal(loser.body.current.version, 2);
    assert.equal(loser.body.current.priority, winner.body.priority);
    assert.match(loser.body.detail, /changed since version 1/);
  });

  test('close, lock, and only a manager reopens a locked ticket', async () => {
    const number = await openTicket();
    assert.equal(
      (await change(number, alice, { change: 'lock' })).status,
      409,
      'an open ticket cannot be locked',
    );
    await stack.request('POST', `/api/tickets/${number}/close`, { token: alice });
    const locked = await change(number, alice, { change: 'lock' });
    assert.equal(locked.body.status, 'closed-locked');
    const byAgent = await change(number, alice, { change: 'reopen' });
    assert.equal(byAgent.status, 409);
    assert.match(byAgent.body.detail, /only a manager can reopen it/);
    const byManager = await change(number, manager, { change: 'reopen' });
    assert.equal(byManager.body.status, 'active');
    assert.equal(byManager.body.closedAt, null);
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/close-lock-reopen');
  });

  test('a deleted or spam ticket can be restored to where it was', async () => {
    const number = await openTicket();
    await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'x', status: 'waiting' },
    });
    const deleted = await change(number, alice, { change: 'delete' });
    assert.equal(deleted.body.status, 'deleted');
    const reply = await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'y' },
    });
    assert.equal(reply.status, 409);
    const restored = await change(number, alice, { change: 'restore' });
    assert.equal(restored.body.status, 'waiting');
    assert.equal((await change(number, alice, { change: 'markSpam' })).body.status, 'spam');
    assert.equal((await change(number, alice, { change: 'restore' })).body.status, 'waiting');
    assert.equal((await change(number, alice, { change: 'restore' })).status, 409);
  });

  test('an auditor reads but cannot change a ticket', async () => {
    const number = await openTicket();
    const auditor = await stack.login('auditor@duradesk.test');
    const answer = await stack.request('PUT', `/api/tickets/${number}/pin`, {
      token: auditor,
      body: { pinned: true },
    });
    assert.equal(answer.status, 403);
    assert.equal((await stack.request('GET', `/api/tickets/${number}`, { token: auditor })).status, 200);
  });
});
