import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NotReceived } from '../../temporal/commands/answer-in-time';
import { createTicketCommands } from '../../temporal/commands/tickets';
import { freePort } from '../../temporal/free-port';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack, testEnv } from '../support/stack';

/** Short, so the tests see late answers at once; the request deadline stays the default 30 s. */
const ANSWER_TIMEOUT_MS = 1_500;
const REQUEST_DEADLINE_MS = 30_000;

let stack: Stack;
let alice: string;
let departmentId: number;

before(async () => {
  stack = await startStack({ answerTimeoutMs: ANSWER_TIMEOUT_MS });
  alice = await stack.login('alice@duradesk.test');
  departmentId = await stack.departmentId('Support');
});
after(() => stack.stop());

/** A request and how long its answer took, to check it came before the request deadline. */
async function timed(method: string, path: string, options: Parameters<Stack['request']>[2]) {
  const started = Date.now();
  const answer = await stack.request(method, path, options);
  return { answer, tookMs: Date.now() - started };
}

const newTicket = (subject: string, key: string) => ({
  token: alice,
  headers: { 'idempotency-key': key },
  body: {
    subject,
    body: `${subject}: the first message`,
    customer: { email: 'slow@example.com' },
    departmentId,
  },
});

/** Opens a ticket and waits until it is shown: on a loaded machine even a running worker may answer late. */
async function openTicket(subject: string): Promise<number> {
  const opened = await stack.request('POST', '/api/tickets', newTicket(subject, randomUUID()));
  assert.ok([201, 202].includes(opened.status), JSON.stringify(opened.body));
  const number: number = opened.body.number ?? opened.body.ticketNumber;
  await eventually(async () => {
    const shown = await stack.request('GET', `/api/tickets/${number}`, { token: alice });
    return shown.status === 200 ? shown : undefined;
  }, 30_000);
  return number;
}

describe('honest answers while the workflow is slow', () => {
  test('with no worker, a create answers 202 with the location, its retry names the same ticket, and once a worker runs there is exactly one ticket and one message', async () => {
    await stack.stopWorker();
    const key = randomUUID();
    const first = await timed('POST', '/api/tickets', newTicket('Opened while no worker runs', key));
    assert.equal(first.answer.status, 202, JSON.stringify(first.answer.body));
    assert.ok(first.tookMs < REQUEST_DEADLINE_MS, `answered in ${first.tookMs} ms`);
    const number = first.answer.body.ticketNumber;
    assert.equal(typeof number, 'number');
    assert.equal(first.answer.headers.get('location'), `/api/tickets/${number}`);
    assert.equal(first.answer.body.status, 'processing');
    assert.match(first.answer.body.detail, /being processed/);

    const again = await stack.request('POST', '/api/tickets', newTicket('Opened while no worker runs', key));
    assert.equal(again.status, 202);
    assert.equal(again.body.ticketNumber, number);

    await stack.startWorker();
    const shown = await eventually(async () => {
      const ticket = await stack.request('GET', `/api/tickets/${number}`, { token: alice });
      return ticket.status === 200 ? ticket.body : undefined;
    }, 30_000);
    assert.deepEqual(
      shown.messages.map((message: { body: string }) => message.body),
      ['Opened while no worker runs: the first message'],
    );
    const retried = await eventually(async () => {
      const answer = await stack.request(
        'POST',
        '/api/tickets',
        newTicket('Opened while no worker runs', key),
      );
      assert.ok([201, 202].includes(answer.status), JSON.stringify(answer.body));
      return answer.status === 201 ? answer : undefined;
    }, 30_000);
    assert.equal(retried.body.number, number);

    assert.equal((await stack.knex('tickets').where({ subject: 'Opened while no worker runs' })).length, 1);
    assert.equal((await stack.knex('messages').where({ ticketNumber: number })).length, 1);
    const listed = await stack.request('GET', `/api/tickets?departmentId=${departmentId}`, { token: alice });
    assert.ok(listed.body.items.some((ticket: { number: number }) => ticket.number === number));
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/opened-while-no-worker');
  });

  test('with no worker, a reply answers 503 with Retry-After; retried with the same key once a worker runs, it takes effect once', async () => {
    const number = await openTicket('Replied while no worker runs');

    await stack.stopWorker();
    const key = randomUUID();
    const reply = {
      token: alice,
      headers: { 'idempotency-key': key },
      body: { body: 'Answered late', status: 'waiting' },
    };
    const late = await timed('POST', `/api/tickets/${number}/replies`, reply);
    assert.ok(late.tookMs < REQUEST_DEADLINE_MS, `answered in ${late.tookMs} ms`);
    assert.equal(late.answer.status, 503, JSON.stringify(late.answer.body));
    assert.equal(late.answer.body.type, 'not_received');
    assert.match(late.answer.body.detail, /same Idempotency-Key/);
    assert.ok(Number(late.answer.headers.get('retry-after')) >= 1);

    await stack.startWorker();
    // As a client would: retry with the same key while the answer is 202 or 503, until the outcome comes.
    const retried = await eventually(async () => {
      const answer = await stack.request('POST', `/api/tickets/${number}/replies`, reply);
      assert.ok([200, 202, 503].includes(answer.status), JSON.stringify(answer.body));
      return answer.status === 200 ? answer : undefined;
    }, 30_000);
    assert.equal(retried.body.status, 'waiting');

    const replies = await stack.knex('messages').where({ ticketNumber: number, kind: 'agent' });
    assert.deepEqual(
      replies.map((message) => [message.body, message.accepted]),
      [['Answered late', true]],
    );
    const changes = await stack.knex('ticketChanges').where({ ticketNumber: number, event: 'agentReplied' });
    assert.equal(changes.length, 1);
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/reply-retried-after-no-worker');
  });

  test('a command the workflow accepted but has not finished (its read model is locked) answers 202; it takes effect once', async () => {
    const number = await openTicket('Slow read model');

    // A long transaction holds the ticket's row, as a slow database would: the projection waits for it.
    const lock = await stack.knex.transaction();
    await lock('tickets').where({ number }).forUpdate().first('number');
    const key = randomUUID();
    const command = { token: alice, headers: { 'idempotency-key': key }, body: { priority: 'high' } };
    let accepted: Awaited<ReturnType<typeof timed>>;
    try {
      accepted = await timed('PUT', `/api/tickets/${number}/priority`, command);
    } finally {
      await lock.commit();
    }
    assert.equal(accepted.answer.status, 202, JSON.stringify(accepted.answer.body));
    assert.ok(accepted.tookMs < REQUEST_DEADLINE_MS);
    assert.equal(accepted.answer.headers.get('location'), `/api/tickets/${number}`);
    assert.equal(accepted.answer.body.ticketNumber, number);

    await eventually(async () => {
      const row = await stack.knex('tickets').where({ number }).first('priority');
      return row.priority === 'high' ? row : undefined;
    }, 30_000);
    const retried = await eventually(async () => {
      const answer = await stack.request('PUT', `/api/tickets/${number}/priority`, command);
      assert.ok([200, 202].includes(answer.status), JSON.stringify(answer.body));
      return answer.status === 200 ? answer : undefined;
    }, 30_000);
    assert.equal(retried.body.priority, 'high');
    const changes = await stack.knex('ticketChanges').where({ ticketNumber: number, event: 'prioritySet' });
    assert.equal(changes.length, 1);
    await saveHistory(
      stack.client,
      ticketWorkflowId(number),
      'ticket/command-accepted-while-read-model-slow',
    );
  });

  test('when Temporal cannot be reached, creates, commands and customer messages fail fast as not received, never hanging', async () => {
    const unreachable = new Client({
      // Without the client's retries, no retry timer outlives the test and meets the closed connection.
      connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] }),
      namespace: testEnv.namespace,
    });
    const tickets = createTicketCommands(unreachable, stack.taskQueue, {
      answerTimeoutMs: ANSWER_TIMEOUT_MS,
    });
    const started = Date.now();
    await assert.rejects(
      tickets.open({
        number: 999_999,
        brandId: 1,
        departmentId,
        groupId: 1,
        customerId: 1,
        subject: 'Nowhere',
        channel: 'api',
        firstMessageId: randomUUID(),
      }),
      (error) => error instanceof NotReceived && error.retryAfterSeconds >= 1,
    );
    await assert.rejects(
      tickets.command(999_999, { type: 'pinSet', pinned: true, agentId: 1 }, randomUUID()),
      NotReceived,
    );
    await assert.rejects(tickets.customerReplied(999_999, { messageId: randomUUID() }), NotReceived);
    assert.ok(Date.now() - started < REQUEST_DEADLINE_MS);
    await unreachable.connection.close();
  });
});
