import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findQueue } from '../../db/departments';
import { openTicket } from '../../temporal/commands/open-ticket';
import { createTicketCommands } from '../../temporal/commands/tickets';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let manager: string;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

/** What an activity (mail ingestion, chat) has: a knex pool and the ticket commands; no HTTP, no viewer. */
const commandDeps = () => ({
  knex: stack.knex,
  tickets: createTicketCommands(stack.client, stack.taskQueue),
});

describe('the one ticket-opening path', () => {
  test('a ticket opened by the command, as an activity would, is listed through the API with its first message and the customer found by email', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, []);
    const email = `known-${Date.now()}@example.com`;
    const [known] = await stack.knex('customers').insert({ email, name: 'Known Customer' }).returning('id');

    const found = await findQueue(stack.knex, { departmentId });
    assert.ok('queue' in found, 'the department has a group to take tickets');
    const key = `mail:${email}:1`;
    const opened = await openTicket(commandDeps(), {
      queue: found.queue,
      customer: { email: email.toUpperCase() },
      subject: 'Sent by mail',
      body: 'My kettle hums',
      channel: 'api',
      idempotencyKey: key,
    });
    assert.equal(opened.groupId, groupId);
    assert.equal(opened.customerId, known.id, 'the customer is found by email, whatever its case');

    const listed = await stack.request('GET', `/api/tickets?departmentId=${departmentId}`, {
      token: manager,
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((ticket: { number: number; customerId: number; subject: string }) => [
        ticket.number,
        ticket.customerId,
        ticket.subject,
      ]),
      [[opened.number, known.id, 'Sent by mail']],
    );
    const detail = await stack.request('GET', `/api/tickets/${opened.number}`, { token: manager });
    assert.deepEqual(
      detail.body.messages.map((message: { kind: string; body: string; customerId: number }) => [
        message.kind,
        message.body,
        message.customerId,
      ]),
      [['customer', 'My kettle hums', known.id]],
    );

    // The same key again (a redelivered mail) is the same ticket and the same message.
    const again = await openTicket(commandDeps(), {
      queue: found.queue,
      customer: { email },
      subject: 'Sent by mail',
      body: 'My kettle hums',
      channel: 'api',
      idempotencyKey: key,
    });
    assert.equal(again.number, opened.number);
    const rows = await stack.knex('messages').where({ ticketNumber: opened.number }).count({ n: '*' });
    assert.equal(Number(rows[0]!.n), 1);
    await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/opened-by-command');
  });

  test('a department without groups is named as the problem, and nothing is written', async () => {
    const [department] = await stack
      .knex('departments')
      .insert({ brandId: (await stack.knex('brands').first('id')).id, name: `Empty ${Date.now()}` })
      .returning('id');
    assert.deepEqual(await findQueue(stack.knex, { departmentId: department.id }), { problem: 'no-groups' });
    assert.deepEqual(await findQueue(stack.knex, { departmentId: 2_000_000_000 }), {
      problem: 'unknown-department',
    });
    const answer = await stack.request('POST', '/api/tickets', {
      token: manager,
      body: {
        subject: 'x',
        body: 'y',
        customer: { email: 'nobody@example.com' },
        departmentId: department.id,
      },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body.detail, /has no groups/);
    assert.equal(await stack.knex('customers').where({ email: 'nobody@example.com' }).first(), undefined);
  });
});
