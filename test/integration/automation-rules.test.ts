import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { webhookWorkflowId } from '../../workflows/webhook/messages';
import { changesOf, createPolicy, createRule, openTicket } from '../support/automation';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';

let stack: Stack;
let manager: string;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

async function department() {
  const { departmentId, groupId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  return { departmentId, groupId, alice: await stack.login('alice@duradesk.test') };
}

const read = async (number: number, token: string) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token })).body;

/** A webhook receiver that fails its first call, as receivers sometimes do, then accepts. */
async function webhookReceiver() {
  const calls: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const status = calls.length === 0 ? 503 : 204;
      calls.push({ headers: request.headers, body, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/duradesk`;
  return { url, calls, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('automation rule actions', () => {
  test('a rule on new tickets matching subject and body acts: priority, pin, comment, customer mail, notice with email, status, signed webhook', async () => {
    const { departmentId, groupId, alice } = await department();
    const receiver = await webhookReceiver();
    const rule = await createRule(stack, manager, departmentId, {
      name: 'Outages first',
      trigger: { on: 'created' },
      conditions: {
        all: [
          { field: 'department', op: 'in', value: [departmentId] },
          { field: 'subject', op: 'containsAny', value: ['outage', 'down'] },
        ],
        any: [{ field: 'body', op: 'matches', value: 'since \\d+ ?(min|h)' }],
      },
      actions: [
        { type: 'setPriority', priority: 'urgent' },
        { type: 'pin', pinned: true },
        { type: 'addComment', text: 'Outage reported: check the status page.' },
        {
          type: 'emailCustomer',
          subject: 'We are on it: {{ticket.number}}',
          body: 'About "{{ticket.subject}}".',
        },
        { type: 'notify', to: { groupId }, email: true, note: 'Outage ticket' },
        { type: 'setStatus', status: 'waiting' },
        { type: 'webhook', url: receiver.url },
      ],
    });

    const matching = await openTicket(stack, alice, departmentId, {
      subject: 'Total OUTAGE',
      body: 'Nothing loads since 20 min',
    });
    const other = await openTicket(stack, alice, departmentId, {
      subject: 'Total outage',
      body: 'No duration given',
    });

    const acted = await eventually(async () => {
      const ticket = await read(matching.number, alice);
      return ticket.status === 'waiting' ? ticket : undefined;
    });
    assert.equal(acted.priority, 'urgent');
    assert.equal(acted.pinned, true);
    const comments = await stack.knex('messages').where({ ticketNumber: matching.number, kind: 'internal' });
    assert.equal(comments.length, 1);
    assert.match(comments[0].body, /Outage reported: check the status page\./);
    assert.match(comments[0].body, new RegExp(`#${rule.id} v${rule.version}`), 'the comment names its rule');
    const mail = await eventually(async () => {
      const rows = await stack.knex('mailOutbox').where({ ticketNumber: matching.number, template: 'rule' });
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      mail.map((row) => [row.subject, row.body]),
      [[`We are on it: ${matching.number}`, 'About "Total OUTAGE".']],
    );
    const notices = await stack.knex('notices').where({ ticketNumber: matching.number, kind: 'rule' });
    assert.deepEqual(
      notices.map((notice) => [notice.groupId, notice.staffId, notice.note, notice.ruleId]),
      [[groupId, null, 'Outage ticket', rule.id]],
    );
    const staffMail = await stack
      .knex('mailOutbox')
      .where({ ticketNumber: matching.number, template: 'staff-notice' });
    const aliceId = (await stack.knex('staff').where({ email: 'alice@duradesk.test' }).first('id')).id;
    assert.deepEqual(
      staffMail.map((row) => row.staffId),
      [aliceId],
      'the group members are emailed',
    );

    // Every automatic change names the rule and version behind it.
    const changes = (await changesOf(stack, matching.number)).filter((row) => row.ruleId !== null);
    assert.deepEqual(
      changes.map((row) => [row.event, row.ruleId, row.ruleVersion, row.ruleTrigger]),
      ['prioritySet', 'pinSet', 'commentAdded', 'statusChanged'].map((event) => [
        event,
        rule.id,
        rule.version,
        'created',
      ]),
    );

    // The first webhook call failed with 503; the retry arrives signed with the rule's secret.
    const calls = await eventually(
      async () => (receiver.calls.length >= 2 ? receiver.calls : undefined),
      15_000,
    );
    for (const call of calls) {
      const expected = createHmac('sha256', rule.webhookSecret)
        .update(`${call.headers['x-duradesk-timestamp']}.${call.body}`)
        .digest('hex');
      assert.equal(call.headers['x-duradesk-signature'], `sha256=${expected}`);
    }
    assert.equal(calls[0]!.headers['x-duradesk-delivery'], calls[1]!.headers['x-duradesk-delivery']);
    const payload = JSON.parse(calls[1]!.body);
    assert.equal(payload.ticket.number, matching.number);
    assert.deepEqual(payload.rule, { id: rule.id, version: rule.version, name: 'Outages first' });
    const delivery = await eventually(async () => {
      const row = await stack.knex('webhookDeliveries').where({ ticketNumber: matching.number }).first();
      return row?.deliveredAt ? row : undefined;
    });
    assert.equal(delivery.attempts, 2);
    assert.equal(delivery.lastStatus, 204);

    const untouched = await read(other.number, alice);
    assert.deepEqual([untouched.status, untouched.priority, untouched.pinned], ['active', 'normal', false]);
    await receiver.close();
    await saveHistory(stack.client, ticketWorkflowId(matching.number), 'ticket/rule-actions-on-created');
    await saveHistory(stack.client, webhookWorkflowId(delivery.deliveryKey), 'webhook/retried-delivery');
  });

  test('rules reacting to each other stop: no rule re-triggers itself through its own actions', async () => {
    const { departmentId, alice } = await department();
    const lower = await createRule(stack, manager, departmentId, {
      name: 'High becomes low',
      trigger: { on: 'priorityChanged' },
      actions: [{ type: 'setPriority', priority: 'low' }],
    });
    const raise = await createRule(stack, manager, departmentId, {
      name: 'Low becomes high',
      trigger: { on: 'priorityChanged' },
      actions: [{ type: 'setPriority', priority: 'high' }],
    });
    const opened = await openTicket(stack, alice, departmentId);
    const set = await stack.request('PUT', `/api/tickets/${opened.number}/priority`, {
      token: alice,
      body: { priority: 'high' },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await sleep(1_500);
    const changes = await changesOf(stack, opened.number);
    const priorityChanges = changes.filter((row) => row.event === 'prioritySet');
    assert.deepEqual(
      priorityChanges.map((row) => row.ruleId),
      [null, lower.id, raise.id],
      'the agent, then each rule once',
    );
    assert.equal((await read(opened.number, alice)).priority, 'high');
  });

  test('time-based rules: "idle for", "before due" and "after breach" each fire once, on time', async () => {
    const { departmentId, groupId, alice } = await department();
    await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 3, businessHours: false, warning: null },
    ]);
    const rule = (name: string, trigger: object) =>
      createRule(stack, manager, departmentId, {
        name,
        trigger,
        actions: [{ type: 'notify', to: { groupId }, note: name }],
      });
    await rule('idle 2s', { on: 'idleFor', afterSeconds: 2 });
    await rule('1s before due', { on: 'beforeDue', beforeSeconds: 1, target: 'firstResponse' });
    await rule('1s after breach', { on: 'afterBreach', afterSeconds: 1, target: null });

    const opened = await openTicket(stack, alice, departmentId);
    const createdAt = Date.parse(opened.createdAt);
    const notices = () =>
      stack.knex('notices').where({ ticketNumber: opened.number, kind: 'rule' }).orderBy('id');
    await eventually(async () => ((await notices()).length >= 3 ? true : undefined), 15_000);
    await sleep(2_000);
    const fired = await notices();
    assert.deepEqual(fired.map((notice) => notice.note).sort(), [
      '1s after breach',
      '1s before due',
      'idle 2s',
    ]);
    const firedAfter = (note: string) =>
      fired.find((notice) => notice.note === note)!.createdAt.getTime() - createdAt;
    for (const [note, dueInMs] of [
      ['idle 2s', 2_000],
      ['1s before due', 2_000],
      ['1s after breach', 4_000],
    ] as const) {
      const late = firedAfter(note) - dueInMs;
      assert.ok(late >= 0 && late < 2_000, `${note}: ${late} ms late`);
    }
    await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/time-based-rules');
  });
});

describe('rules and policies follow the ticket', () => {
  test('commands handled at once each fire their rules: every comment answers and gets its own notice and internal comment', async () => {
    const { departmentId, alice } = await department();
    await createRule(stack, manager, departmentId, {
      name: 'Note every comment',
      trigger: { on: 'commentAdded' },
      actions: [
        { type: 'notify', to: { owner: true }, note: 'A comment arrived' },
        { type: 'addComment', text: 'Seen by the rule.' },
      ],
    });
    const opened = await openTicket(stack, alice, departmentId);
    // Sent together, the workflow runs the six updates interleaved: each one's rules run after the
    // others have moved the ticket on, which once gave them all one key (500s, effects dropped).
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        stack.request('POST', `/api/tickets/${opened.number}/comments`, {
          token: manager,
          body: { body: `Comment ${index}` },
          headers: { 'idempotency-key': `parallel-comment-${opened.number}-${index}` },
        }),
      ),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200, 200, 200, 200],
      JSON.stringify(answers.map((answer) => answer.body)),
    );
    const notices = () => stack.knex('notices').where({ ticketNumber: opened.number, kind: 'rule' });
    await eventually(async () => ((await notices()).length >= 6 ? true : undefined), 15_000);
    assert.equal((await notices()).length, 6);
    const ruleComments = await stack
      .knex('messages')
      .where({ ticketNumber: opened.number, kind: 'internal' })
      .whereLike('body', 'Seen by the rule.%');
    assert.equal(ruleComments.length, 6);
    await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/rules-of-parallel-commands');
  });

  test('a priority change re-selects the policy; queues sort by due time; rule edits and personal rules act on open tickets', async () => {
    const { departmentId, groupId, alice } = await department();
    const aliceId = (await stack.knex('staff').where({ email: 'alice@duradesk.test' }).first('id')).id;
    const receiving = await stack.request('PUT', `/api/groups/${groupId}/receiving`, {
      token: alice,
      body: { receiving: true },
    });
    assert.equal(receiving.status, 200);
    const urgentOnly = {
      all: [
        { field: 'department', op: 'in', value: [departmentId] },
        { field: 'priority', op: 'in', value: ['urgent'] },
      ],
      any: [],
    };
    const urgent = await stack.request('POST', '/api/sla-policies', {
      token: manager,
      body: {
        name: 'Urgent',
        conditions: urgentOnly,
        targets: [{ kind: 'firstResponse', withinSeconds: 60 }],
      },
    });
    assert.equal(urgent.status, 201, JSON.stringify(urgent.body));
    const standard = await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 600 },
    ]);

    const first = await openTicket(stack, alice, departmentId, { subject: 'First' });
    const second = await openTicket(stack, alice, departmentId, { subject: 'Second' });
    assert.equal(first.agentId, aliceId, 'distributed to Alice, who is receiving');
    assert.deepEqual(first.slaPolicy, { id: standard.id, version: 1 });
    const raised = await stack.request('PUT', `/api/tickets/${second.number}/priority`, {
      token: alice,
      body: { priority: 'urgent' },
    });
    assert.equal(raised.status, 200);
    const moved = await eventually(async () => {
      const ticket = await read(second.number, alice);
      return ticket.slaPolicy?.id === urgent.body.id ? ticket : undefined;
    });
    assert.equal(moved.slaDueAt, new Date(Date.parse(second.createdAt) + 60_000).toISOString());
    const queue = await stack.request(
      'GET',
      `/api/tickets?queue=all&departmentId=${departmentId}&sort=slaDueAt&order=asc`,
      { token: alice },
    );
    assert.deepEqual(
      queue.body.items.map((ticket: { number: number }) => ticket.number),
      [second.number, first.number],
      'what is due first comes first',
    );

    const rule = await createRule(stack, manager, departmentId, {
      name: 'Comment watcher',
      trigger: { on: 'commentAdded' },
      actions: [{ type: 'notify', to: { owner: true }, note: 'first version' }],
    });
    const edited = await stack.request('PUT', `/api/automation-rules/${rule.id}`, {
      token: manager,
      body: {
        name: 'Comment watcher',
        trigger: { on: 'commentAdded' },
        conditions: { all: [{ field: 'department', op: 'in', value: [departmentId] }], any: [] },
        actions: [{ type: 'notify', to: { owner: true }, note: 'second version' }],
      },
    });
    assert.equal(edited.body.version, 2);
    const personal = await stack.request('POST', '/api/automation-rules', {
      token: alice,
      body: {
        name: 'Pin what I comment on',
        trigger: { on: 'commentAdded' },
        conditions: { all: [{ field: 'department', op: 'in', value: [departmentId] }], any: [] },
        actions: [{ type: 'pin', pinned: true }],
      },
    });
    assert.equal(personal.status, 201, JSON.stringify(personal.body));

    // The rules changed after the ticket opened: it acts on the versions in force now, without restart.
    const commented = await stack.request('POST', `/api/tickets/${first.number}/comments`, {
      token: alice,
      body: { body: 'Looking into it' },
    });
    assert.equal(commented.status, 200, JSON.stringify(commented.body));
    const notice = await eventually(async () => {
      const rows = await stack.knex('notices').where({ ticketNumber: first.number, kind: 'rule' });
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      notice.map((row) => [row.staffId, row.note, row.ruleVersion]),
      [[aliceId, 'second version', 2]],
    );
    const pinned = await eventually(async () => {
      const ticket = await read(first.number, alice);
      return ticket.pinned ? ticket : undefined;
    });
    assert.equal(pinned.pinned, true);
    const pins = (await changesOf(stack, first.number)).filter((row) => row.event === 'pinSet');
    assert.deepEqual(
      pins.map((row) => row.ruleId),
      [personal.body.id],
    );
    await saveHistory(
      stack.client,
      ticketWorkflowId(first.number),
      'ticket/rules-edited-while-open-waits-for-reload',
    );
  });
});

describe('notification profiles', () => {
  test('email follows each person’s profile: off means in-app only; listed kinds are emailed without a rule asking', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, []);
    const agent = await createAgent(stack.knex, [groupId]);
    const token = await stack.login(agent.email, agent.password);
    const profile = await stack.request('GET', '/api/me/notification-profile', { token });
    assert.deepEqual(profile.body, { email: true, kinds: [] });
    const bad = await stack.request('PUT', '/api/me/notification-profile', {
      token,
      body: { email: true, kinds: ['fireworks'] },
    });
    assert.equal(bad.status, 400);
    const off = await stack.request('PUT', '/api/me/notification-profile', {
      token,
      body: { email: false, kinds: [] },
    });
    assert.equal(off.status, 200);

    await createPolicy(stack, manager, departmentId, [{ kind: 'firstResponse', withinSeconds: 1 }]);
    const rule = await createRule(stack, manager, departmentId, {
      trigger: { on: 'slaBreached' },
      actions: [{ type: 'notify', to: { groupId }, email: true, note: 'Late' }],
    });
    const mailsTo = (number: number) =>
      stack.knex('mailOutbox').where({ ticketNumber: number, template: 'staff-notice', staffId: agent.id });
    const quiet = await openTicket(stack, manager, departmentId);
    await eventually(async () => {
      const rows = await stack.knex('notices').where({ ticketNumber: quiet.number, kind: 'rule' });
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(await mailsTo(quiet.number), [], 'email off: the notice stays in-app');

    await stack.request('PUT', '/api/me/notification-profile', {
      token,
      body: { email: true, kinds: ['sla-breached'] },
    });
    assert.equal(
      (await stack.request('DELETE', `/api/automation-rules/${rule.id}`, { token: manager })).status,
      204,
    );
    const loud = await openTicket(stack, manager, departmentId);
    const mails = await eventually(async () => {
      const rows = await mailsTo(loud.number);
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      mails.map((mail) => mail.subject),
      [`Ticket ${loud.number}: sla-breached`],
    );
  });
});
