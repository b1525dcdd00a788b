import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';

let stack: Stack;
let alice: string;
let manager: string;

before(async () => {
  stack = await startStack();
  // Alice's session is opened after her groups exist: a session carries the groups of its login.
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

/** A department with `timings` (seconds) and one ticket in it, opened now. */
async function ticketWith(timings: Record<string, number | null>) {
  const { departmentId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  alice = await stack.login('alice@duradesk.test');
  const put = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
    token: manager,
    body: timings,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const opened = await stack.request('POST', '/api/tickets', {
    token: alice,
    body: { subject: 'Timers', body: 'Tick tock', customer: { email: 'timers@example.com' }, departmentId },
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  return { departmentId, number: opened.body.number as number, openedAt: Date.parse(opened.body.createdAt) };
}

const read = async (number: number) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token: alice })).body;
const whenStatus = (number: number, status: string, timeoutMs = 15_000) =>
  eventually(async () => {
    const ticket = await read(number);
    return ticket.status === status ? ticket : undefined;
  }, timeoutMs);

describe('follow-ups', () => {
  test('a follow-up hides the ticket until its time, then brings it back Active with a notice to its agent', async () => {
    const { number } = await ticketWith({});
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    const scheduled = await stack.request('POST', `/api/tickets/${number}/follow-ups`, {
      token: alice,
      body: { dueAt, note: 'Call the customer back' },
    });
    assert.equal(scheduled.status, 201);
    assert.equal(scheduled.body.status, 'follow-up');
    assert.equal(scheduled.body.followUpAt, dueAt);

    const back = await whenStatus(number, 'active');
    assert.ok(Date.parse(back.updatedAt) >= Date.parse(dueAt), 'not before its time');
    assert.ok(Date.parse(back.updatedAt) - Date.parse(dueAt) < 3_000, 'on time');
    assert.equal(back.followUpAt, null);
    // The notice follows the read model by one activity.
    const notices = await eventually(async () => {
      const rows = await stack.knex('notices').where({ ticketNumber: number });
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      notices.map((notice) => [notice.kind, notice.note]),
      [['follow-up-due', 'Call the customer back']],
    );
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/follow-up-due');
  });

  test('follow-ups are kept in order, can be rescheduled and cancelled; cancelling the last returns the ticket', async () => {
    const { number } = await ticketWith({});
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    await stack.request('POST', `/api/tickets/${number}/follow-ups`, {
      token: alice,
      body: { dueAt: at(600), note: 'later' },
    });
    const second = await stack.request('POST', `/api/tickets/${number}/follow-ups`, {
      token: alice,
      body: { dueAt: at(300), note: 'sooner' },
    });
    assert.equal(
      second.body.followUpAt,
      (
        await stack.knex('followUps').where({ ticketNumber: number }).orderBy('dueAt').first()
      ).dueAt.toISOString(),
    );
    const pending = await stack.knex('followUps').where({ ticketNumber: number }).orderBy('dueAt');
    assert.deepEqual(
      pending.map((followUp) => followUp.note),
      ['sooner', 'later'],
    );

    const moved = await stack.request('PATCH', `/api/tickets/${number}/follow-ups/${pending[0].id}`, {
      token: alice,
      body: { dueAt: at(900) },
    });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.followUpAt, pending[1].dueAt.toISOString());

    for (const followUp of pending) {
      const cancelled = await stack.request('DELETE', `/api/tickets/${number}/follow-ups/${followUp.id}`, {
        token: alice,
      });
      assert.equal(cancelled.status, 200);
    }
    const ticket = await read(number);
    assert.equal(ticket.status, 'active');
    assert.equal(ticket.followUpAt, null);
    const unknown = await stack.request('DELETE', `/api/tickets/${number}/follow-ups/${pending[0].id}`, {
      token: alice,
    });
    assert.equal(unknown.status, 409);
  });

  test('a follow-up in the past is rejected with 400', async () => {
    const { number } = await ticketWith({});
    const answer = await stack.request('POST', `/api/tickets/${number}/follow-ups`, {
      token: alice,
      body: { dueAt: new Date(Date.now() - 1_000).toISOString() },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body.detail, /body\.dueAt: must be in the future/);
  });
});

describe('waiting auto-close', () => {
  test('a Waiting ticket closes after the department period, restarted by every message, with the customer notice queued once', async () => {
    const { number } = await ticketWith({ autoCloseAfterSeconds: 2 });
    const firstReply = Date.now();
    await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'Try this', status: 'waiting' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const secondReply = await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'And this', status: 'waiting' },
    });
    const closed = await whenStatus(number, 'closed');
    const closedAt = Date.parse(closed.closedAt);
    assert.ok(closedAt - firstReply >= 3_000, 'the second reply restarted the period');
    assert.ok(closedAt - Date.parse(secondReply.body.updatedAt) >= 2_000, 'not before the period');
    assert.ok(closedAt - Date.parse(secondReply.body.updatedAt) < 4_000, 'on time');
    // The notice is queued one activity after the read model shows the close.
    const outbox = await eventually(async () => {
      const rows = await stack.knex('mailOutbox').where({ ticketNumber: number });
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      outbox.map((mail) => mail.template),
      ['auto-close'],
    );
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/waiting-auto-close');
  });

  test('a status change stops the auto-close period', async () => {
    const { number } = await ticketWith({ autoCloseAfterSeconds: 1.5 });
    await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'Try this', status: 'waiting' },
    });
    const active = await stack.request('POST', `/api/tickets/${number}/status`, {
      token: alice,
      body: { change: 'setActive' },
    });
    assert.equal(active.body.status, 'active');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal((await read(number)).status, 'active');
    assert.equal((await stack.knex('mailOutbox').where({ ticketNumber: number })).length, 0);
  });
});

describe('idle and duration alerts', () => {
  test('each threshold is crossed once, recorded in the read model and noticed to the group', async () => {
    const { number, openedAt } = await ticketWith({
      idleWarningAfterSeconds: 1,
      idleCriticalAfterSeconds: 2,
      durationWarningAfterSeconds: 1.5,
      durationCriticalAfterSeconds: 2.5,
    });
    const ticket = await eventually(async () => {
      const current = await read(number);
      return current.durationCriticalAt && current.idleCriticalAt ? current : undefined;
    });
    assert.ok(Date.parse(ticket.idleWarningAt) - openedAt >= 1_000);
    assert.ok(Date.parse(ticket.idleCriticalAt) - openedAt >= 2_000);
    assert.ok(Date.parse(ticket.durationWarningAt) - openedAt >= 1_500);
    assert.ok(Date.parse(ticket.durationCriticalAt) - openedAt >= 2_500);
    const notices = await eventually(async () => {
      const rows = await stack.knex('notices').where({ ticketNumber: number }).orderBy('id');
      return rows.length >= 4 ? rows : undefined;
    });
    assert.deepEqual(notices.map((notice) => notice.kind).sort(), [
      'duration-critical',
      'duration-warning',
      'idle-critical',
      'idle-warning',
    ]);
    await saveHistory(stack.client, ticketWorkflowId(number), 'ticket/idle-and-duration-alerts');
  });

  test('an agent reply ends the idle cycle, and "stop idle events after" silences later thresholds', async () => {
    const { number } = await ticketWith({
      idleWarningAfterSeconds: 1,
      idleCriticalAfterSeconds: 2,
      stopIdleEventsAfterSeconds: 1.5,
    });
    await eventually(async () => ((await read(number)).idleWarningAt ? true : undefined));
    const replied = await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: alice,
      body: { body: 'Here', status: 'active' },
    });
    assert.equal(replied.body.idleWarningAt, null);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const ticket = await read(number);
    assert.equal(ticket.idleCriticalAt, null, 'beyond the stop, never raised');
    assert.equal(ticket.idleWarningAt, null, 'the reply answered the customer: nobody waits');
  });

  test('changing the department timers reaches tickets already open', async () => {
    const { departmentId, number } = await ticketWith({});
    const put = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
      token: manager,
      body: { idleWarningAfterSeconds: 0.5 },
    });
    assert.equal(put.body.idleWarningAfterSeconds, 0.5);
    const ticket = await eventually(async () => {
      const current = await read(number);
      return current.idleWarningAt ? current : undefined;
    });
    assert.ok(ticket.idleWarningAt);
  });

  test('impossible timers are rejected with a message naming the problem', async () => {
    const { departmentId } = await createDepartment(stack.knex, []);
    const answer = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
      token: manager,
      body: { idleWarningAfterSeconds: 10, idleCriticalAfterSeconds: 5, autoCloseAfterSeconds: -1 },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body.detail, /autoCloseAfterSeconds/);
    const agent = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
      token: alice,
      body: {},
    });
    assert.equal(agent.status, 403);
  });
});
