import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openTicket } from '../../../../workflows/domain/ticket';
import { applyTicketEvent, refusal } from '../../../../workflows/domain/ticket-events';
import { toTicketView } from '../../../../workflows/domain/ticket-view';

const t0 = Date.parse('2026-11-20T09:00:00Z');
const opened = openTicket(
  {
    number: 7,
    brandId: 1,
    departmentId: 1,
    groupId: 2,
    customerId: 3,
    subject: 'Hi',
    channel: 'api',
    firstMessageId: 'm1',
  },
  t0,
);

describe('ticket rules', () => {
  test('a new ticket is Active at version 1 with the customer as last writer', () => {
    assert.equal(opened.status, 'active');
    assert.equal(opened.version, 1);
    assert.equal(opened.lastCustomerMessageAt, t0);
    assert.equal(opened.lastAgentReplyAt, null);
  });

  test('an agent reply sets the status the agent chose and records when', () => {
    const waiting = applyTicketEvent(
      opened,
      { type: 'agentReplied', messageId: 'm2', agentId: 1, status: 'waiting' },
      t0 + 1,
    );
    assert.equal(waiting.status, 'waiting');
    assert.equal(waiting.lastAgentReplyAt, t0 + 1);
    assert.equal(waiting.version, 2);
    const active = applyTicketEvent(
      opened,
      { type: 'agentReplied', messageId: 'm2', agentId: 1, status: 'active' },
      t0 + 1,
    );
    assert.equal(active.status, 'active');
  });

  test('a customer message makes Waiting and Closed tickets Active again', () => {
    const waiting = { ...opened, status: 'waiting' as const };
    assert.equal(
      applyTicketEvent(waiting, { type: 'customerReplied', messageId: 'm3' }, t0 + 2).status,
      'active',
    );
    const closed = applyTicketEvent(opened, { type: 'closed', agentId: 1 }, t0 + 3);
    assert.equal(closed.closedAt, t0 + 3);
    const reopened = applyTicketEvent(closed, { type: 'customerReplied', messageId: 'm4' }, t0 + 4);
    assert.equal(reopened.status, 'active');
    assert.equal(reopened.closedAt, null);
    assert.equal(reopened.lastCustomerMessageAt, t0 + 4);
  });

  test('a closed ticket refuses replies and a second close, but not customer messages', () => {
    const closed = applyTicketEvent(opened, { type: 'closed', agentId: 1 }, t0);
    assert.match(
      refusal(closed, { type: 'agentReplied', messageId: 'x', agentId: 1, status: 'waiting' }) ?? '',
      /closed/,
    );
    assert.match(refusal(closed, { type: 'closed', agentId: 1 }) ?? '', /already closed/);
    assert.equal(refusal(closed, { type: 'customerReplied', messageId: 'x' }), null);
    assert.equal(refusal(opened, { type: 'closed', agentId: 1 }), null);
  });

  test('applying an event never changes the state it was given', () => {
    const copy = structuredClone(opened);
    applyTicketEvent(opened, { type: 'closed', agentId: 1 }, t0 + 5);
    assert.deepEqual(opened, copy);
  });

  test('the view shows instants as ISO strings', () => {
    const view = toTicketView(applyTicketEvent(opened, { type: 'closed', agentId: 1 }, t0 + 60_000));
    assert.equal(view.createdAt, '2026-11-20T09:00:00.000Z');
    assert.equal(view.closedAt, '2026-11-20T09:01:00.000Z');
  });
});
