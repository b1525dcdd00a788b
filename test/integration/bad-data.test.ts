import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { temporal } from '@temporalio/proto';
import { createTicketCommands } from '../../temporal/commands/tickets';
import type { OpenTicket } from '../../workflows/domain/ticket';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { type Stack, startStack } from '../support/stack';

/**
 * A buggy channel (mail, chat) could hand the ticket workflow text PostgreSQL cannot store. These tests
 * bypass the API's checks and start or command the workflow directly, as such a channel would.
 */
let stack: Stack;
let manager: string;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

/** Every activity attempt the workflow's history records, by activity type. */
async function attempts(number: number) {
  const history = await stack.client.workflow.getHandle(ticketWorkflowId(number)).fetchHistory();
  const events = (history.events ?? []) as temporal.api.history.v1.IHistoryEvent[];
  const scheduled = new Map<string, string>();
  const started: { type: string; attempt: number }[] = [];
  let failed = 0;
  for (const event of events) {
    const id = String(event.eventId);
    if (event.activityTaskScheduledEventAttributes)
      scheduled.set(id, event.activityTaskScheduledEventAttributes.activityType?.name ?? '');
    const start = event.activityTaskStartedEventAttributes;
    if (start)
      started.push({
        type: scheduled.get(String(start.scheduledEventId)) ?? '',
        attempt: start.attempt ?? 1,
      });
    if (event.activityTaskFailedEventAttributes) failed += 1;
  }
  return { started, failed };
}

/** Opens a ticket the way a channel does below the API: a number, a stored first message, update-with-start. */
async function openDirectly(departmentId: number, groupId: number, content: Partial<OpenTicket>) {
  const number = Number((await stack.knex.raw("select nextval('ticket_numbers') as n")).rows[0].n);
  const [customer] = await stack
    .knex('customers')
    .insert({ email: `bad-data-${number}@example.com` })
    .returning('id');
  const [message] = await stack
    .knex('messages')
    .insert({ ticketNumber: number, kind: 'customer', customerId: customer.id, body: 'First message' })
    .returning('id');
  const brand = await stack.knex('departments').where({ id: departmentId }).first('brandId');
  const tickets = createTicketCommands(stack.client, stack.taskQueue);
  const state = await tickets.open({
    number,
    brandId: brand.brandId,
    departmentId,
    groupId,
    customerId: customer.id,
    organizationId: null,
    customFields: {},
    subject: 'Subject',
    channel: 'api',
    firstMessageId: message.id,
    ...content,
  });
  return { number, state, tickets };
}

/** The workflow did not retry any activity: every attempt recorded is a first attempt. */
async function assertNoRetries(number: number) {
  const { started, failed } = await attempts(number);
  assert.ok(failed >= 1, 'the bad data failed an activity');
  assert.deepEqual(
    started.filter((attempt) => attempt.attempt > 1),
    [],
    'no activity was attempted twice',
  );
  const described = await stack.client.workflow.getHandle(ticketWorkflowId(number)).describe();
  assert.equal(described.status.name, 'RUNNING');
  assert.deepEqual(described.raw.pendingActivities ?? [], [], 'no activity is pending or retrying');
}

async function problemsOf(number: number) {
  const changes = await stack.request('GET', `/api/tickets/${number}/changes`, { token: manager });
  assert.equal(changes.status, 200, JSON.stringify(changes.body));
  return changes.body.filter((change: { event: string }) => change.event === 'problem');
}

async function managerNotices(number: number) {
  return stack.knex('notices').where({ ticketNumber: number, kind: 'problem' }).select('staffId', 'note');
}

// On code that retries bad data forever these would hang: a bound makes them fail instead.
describe('bad data never poisons a ticket', { timeout: 90_000 }, () => {
  test('a NUL in the subject and a custom field of a new ticket: the ticket opens with them replaced, the problem is on record, managers are told, nothing retries', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
    const { number, state } = await openDirectly(departmentId, groupId, {
      subject: 'Printer \u0000 on fire',
      customFields: { order: 'A-\u0000-1' },
    });
    // The creator's answer comes, with the text as it was stored.
    assert.equal(state.subject, 'Printer \ufffd on fire');
    assert.deepEqual(state.customFields, { order: 'A-\ufffd-1' });

    const shown = await stack.request('GET', `/api/tickets/${number}`, { token: manager });
    assert.equal(shown.status, 200);
    assert.equal(shown.body.subject, 'Printer \ufffd on fire');
    assert.deepEqual(
      shown.body.messages.map((message: { body: string }) => message.body),
      ['First message'],
    );

    const [problem, ...more] = await problemsOf(number);
    assert.deepEqual(more, []);
    assert.match(problem.note, /could not be stored as given/);
    assert.match(problem.note, /replaced/);

    const managerId = (await stack.knex('staff').where({ email: 'manager@duradesk.test' }).first('id')).id;
    const notices = await managerNotices(number);
    assert.deepEqual(
      notices.map((notice) => notice.staffId),
      [managerId],
    );
    assert.equal(notices[0].note, problem.note);

    await assertNoRetries(number);

    // The ticket goes on: an agent's reply is answered.
    const alice = await stack.login('alice@duradesk.test');
    const reply = await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'On it', status: 'waiting' },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.status, 'waiting');
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/bad-data-on-open');
  });

  test('a NUL in a custom field set by a command: the command is answered, the ticket keeps a safe copy, the problem is on record', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
    const { number, tickets } = await openDirectly(departmentId, groupId, {});
    const agent = await stack.knex('staff').where({ email: 'alice@duradesk.test' }).first('id');
    const answered = await tickets.command(number, {
      type: 'customFieldsSet',
      fields: { 'plan\u0000': 'gold\ud800' },
      agentId: agent.id,
    });
    assert.deepEqual(answered.customFields, { 'plan\ufffd': 'gold\ufffd' });

    const row = await stack.knex('tickets').where({ number }).first('customFields', 'version');
    assert.deepEqual(row.customFields, { 'plan\ufffd': 'gold\ufffd' });
    assert.equal(row.version, answered.version);
    assert.equal((await problemsOf(number)).length, 1);
    assert.equal((await managerNotices(number)).length, 1);
    await assertNoRetries(number);
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/bad-data-in-command');
  });
});
