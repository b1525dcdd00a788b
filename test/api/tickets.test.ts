import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';

let stack: Stack;
let alice: string;
let supportId: number;

before(async () => {
  stack = await startStack();
  alice = await stack.login('alice@duradesk.test');
  supportId = await stack.departmentId('Support');
});
after(() => stack.stop());

const openTicket = (
  token: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  stack.request('POST', '/api/tickets', {
    token,
    headers,
    body: {
      subject: 'Printer on fire',
      body: 'Smoke everywhere',
      customer: { email: 'carol@example.com' },
      departmentId: supportId,
      ...body,
    },
  });

describe('the ticket lifecycle', () => {
  test('a ticket moves Active → Waiting → Active → Closed through reply, customer message and close', async () => {
    const opened = await openTicket(alice);
    assert.equal(opened.status, 201);
    assert.equal(opened.body.status, 'active');
    assert.equal(opened.body.groupId, await stack.groupId('Support', 'Level 1'));
    const number: number = opened.body.number;

    const listed = await stack.request('GET', '/api/tickets', { token: alice });
    assert.ok(listed.body.items.some((ticket: { number: number }) => ticket.number === number));
    const described = await stack.client.workflow.getHandle(ticketWorkflowId(number)).describe();
    assert.equal(described.status.name, 'RUNNING');

    const replied = await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'We are on our way', status: 'waiting' },
    });
    assert.equal(replied.status, 200);
    assert.equal(replied.body.status, 'waiting');

    const customer = await stack.request('POST', `/api/tickets/${number}/customer-messages`, {
      token: alice,
      body: { body: 'Please hurry' },
    });
    assert.equal(customer.status, 202);
    const reopened = await eventually(async () => {
      const ticket = await stack.request('GET', `/api/tickets/${number}`, { token: alice });
      return ticket.body.status === 'active' ? ticket.body : undefined;
    });
    assert.deepEqual(
      reopened.messages.map((message: { kind: string; body: string }) => [message.kind, message.body]),
      [
        ['customer', 'Smoke everywhere'],
        ['agent', 'We are on our way'],
        ['customer', 'Please hurry'],
      ],
    );

    const closed = await stack.request('POST', `/api/tickets/${number}/close`, { token: alice });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');
    assert.ok(closed.body.closedAt);
    const readModel = await stack.request('GET', `/api/tickets/${number}`, { token: alice });
    assert.equal(readModel.body.status, 'closed');

    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/active-waiting-active-closed');
  });

  test('an agent may leave a ticket Active after replying', async () => {
    const { body: ticket } = await openTicket(alice);
    const replied = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, {
      token: alice,
      body: { body: 'Still checking', status: 'active' },
    });
    assert.equal(replied.body.status, 'active');
    assert.equal(replied.body.version, 2);
  });

  test('replying to a closed ticket is refused with 409 and the reply is not kept', async () => {
    const { body: ticket } = await openTicket(alice);
    await stack.request('POST', `/api/tickets/${ticket.number}/close`, { token: alice });
    const refused = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, {
      token: alice,
      body: { body: 'Too late' },
    });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /is closed/);
    const stored = await stack.knex('messages').where({ ticketNumber: ticket.number, body: 'Too late' });
    assert.equal(stored.length, 0);
    const again = await stack.request('POST', `/api/tickets/${ticket.number}/close`, { token: alice });
    assert.equal(again.status, 409);
    await saveHistory(stack.client, ticketWorkflowId(ticket.number), 'ticket/refused-reply-after-close');
  });

  test('a customer message reopens a closed ticket', async () => {
    const { body: ticket } = await openTicket(alice);
    await stack.request('POST', `/api/tickets/${ticket.number}/close`, { token: alice });
    await stack.request('POST', `/api/tickets/${ticket.number}/customer-messages`, {
      token: alice,
      body: { body: 'It is back' },
    });
    const reopened = await eventually(async () => {
      const answer = await stack.request('GET', `/api/tickets/${ticket.number}`, { token: alice });
      return answer.body.status === 'active' ? answer.body : undefined;
    });
    assert.equal(reopened.closedAt, null);
  });
});

describe('idempotency', () => {
  test('a retried ticket creation with the same Idempotency-Key returns the same ticket once', async () => {
    const headers = { 'idempotency-key': `create-${Date.now()}` };
    const first = await openTicket(alice, { subject: 'Only once' }, headers);
    const second = await openTicket(alice, { subject: 'Only once' }, headers);
    assert.equal(first.status, 201);
    assert.equal(second.body.number, first.body.number);
    const rows = await stack.knex('tickets').where({ subject: 'Only once' });
    assert.equal(rows.length, 1);
    const messages = await stack.knex('messages').where({ ticketNumber: first.body.number });
    assert.equal(messages.length, 1);
  });

  test('a retried reply with the same Idempotency-Key posts once', async () => {
    const { body: ticket } = await openTicket(alice);
    const headers = { 'idempotency-key': `reply-${Date.now()}` };
    const request = { token: alice, headers, body: { body: 'Just once', status: 'waiting' } };
    const first = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, request);
    const second = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, request);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.body.version, first.body.version);
    const replies = await stack.knex('messages').where({ ticketNumber: ticket.number, kind: 'agent' });
    assert.equal(replies.length, 1);
  });
});

describe('reading tickets', () => {
  test('the list is paginated and filters by status', async () => {
    const manager = await stack.login('manager@duradesk.test');
    const waiting = await openTicket(manager, { subject: 'Filter me' });
    await stack.request('POST', `/api/tickets/${waiting.body.number}/replies`, {
      token: manager,
      body: { body: 'x' },
    });
    const page = await stack.request('GET', '/api/tickets?status=waiting&pageSize=1', { token: manager });
    assert.equal(page.status, 200);
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.pageSize, 1);
    assert.ok(page.body.total >= 1);
    assert.ok(page.body.items.every((ticket: { status: string }) => ticket.status === 'waiting'));
    const bad = await stack.request('GET', '/api/tickets?status=lost', { token: manager });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /query\.status/);
  });

  test('an agent outside the ticket group can neither list nor read it', async () => {
    const manager = await stack.login('manager@duradesk.test');
    const level2 = await stack.groupId('Support', 'Level 2');
    const { body: ticket } = await openTicket(manager, { groupId: level2, subject: 'Level 2 only' });
    const list = await stack.request('GET', '/api/tickets?pageSize=100', { token: alice });
    assert.ok(!list.body.items.some((item: { number: number }) => item.number === ticket.number));
    const read = await stack.request('GET', `/api/tickets/${ticket.number}`, { token: alice });
    assert.equal(read.status, 404);
    const reply = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, {
      token: alice,
      body: { body: 'x' },
    });
    assert.equal(reply.status, 404);
    const bob = await stack.login('bob@duradesk.test');
    assert.equal((await stack.request('GET', `/api/tickets/${ticket.number}`, { token: bob })).status, 200);
  });

  test('an unknown ticket is 404', async () => {
    const answer = await stack.request('GET', '/api/tickets/999999', { token: alice });
    assert.equal(answer.status, 404);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
  });
});

describe('validation', () => {
  test('a ticket without subject or with a bad email is rejected with 400 naming each field', async () => {
    const answer = await openTicket(alice, { subject: '', customer: { email: 'not-an-email' } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.type, 'validation_error');
    assert.deepEqual(
      answer.body.errors.map((error: { path: string }) => error.path),
      ['body.subject', 'body.customer.email'],
    );
  });

  test('a group of another department is rejected and nothing is stored', async () => {
    const before = await stack.knex('messages').count({ n: '*' }).first();
    const salesGroup = await stack.groupId('Sales', 'Level 1');
    const answer = await openTicket(alice, { groupId: salesGroup });
    assert.equal(answer.status, 400);
    assert.match(answer.body.detail, /is not a group of department/);
    const afterCount = await stack.knex('messages').count({ n: '*' }).first();
    assert.equal(afterCount?.n, before?.n);
  });

  test('malformed JSON is a 400 problem', async () => {
    const response = await fetch(`${stack.api.url}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: '{"subject":',
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).status, 400);
  });
});
