import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { changesOf, createPolicy, createRule, openTicket } from '../support/automation';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';

let stack: Stack;
let manager: string;
let managerId: number;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
  managerId = (await stack.knex('staff').where({ email: 'manager@duradesk.test' }).first('id')).id;
});
after(() => stack.stop());

/** A department with Level 1 (Alice) and Level 2, and Alice's session opened after she joined it. */
async function department() {
  const { departmentId, groupId } = await createDepartment(stack.knex, ['alice@duradesk.test']);
  const [level2] = await stack.knex('groups').insert({ departmentId, name: 'Level 2' }).returning('id');
  const alice = await stack.login('alice@duradesk.test');
  return { departmentId, level1: groupId, level2: level2.id as number, alice };
}

const read = async (number: number, token: string) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token })).body;
interface Clock {
  target: string;
  cycle: number;
  state: string;
  dueAt: string | null;
  remainingMs: number;
  breachedAt: string | null;
}
const clock = (ticket: { sla: Clock[] }, target: string, cycle = 1) =>
  ticket.sla.find((candidate) => candidate.target === target && candidate.cycle === cycle)!;
const ms = (iso: string) => Date.parse(iso);

describe('SLA escalation, as a manager sets it up', () => {
  test('calendar, first-response policy and "on breach: transfer to Level 2 and notify managers" act once, at the due time', async () => {
    const { departmentId, level2, alice } = await department();
    // Open around the clock in Berlin, but through a calendar, as a manager would define office hours.
    const calendar = await stack.request('POST', '/api/calendars', {
      token: manager,
      body: {
        name: `Always open ${departmentId}`,
        timeZone: 'Europe/Berlin',
        ranges: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' })),
        holidays: [],
      },
    });
    assert.equal(calendar.status, 201, JSON.stringify(calendar.body));
    const assigned = await stack.request('PUT', `/api/departments/${departmentId}/calendar`, {
      token: manager,
      body: { calendarId: calendar.body.id },
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const policy = await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 3, businessHours: true, warning: { percent: 50 } },
    ]);
    const rule = await createRule(stack, manager, departmentId, {
      name: 'Escalate late first responses',
      trigger: { on: 'slaBreached' },
      actions: [
        { type: 'transfer', groupId: level2 },
        { type: 'notify', to: { managers: true }, note: 'First response breached' },
      ],
    });

    const warned = await createRule(stack, manager, departmentId, {
      name: 'Say when it is due soon',
      trigger: { on: 'slaWarning' },
      actions: [{ type: 'addComment', text: 'Due soon: answer within 1.5 s' }],
    });

    const opened = await openTicket(stack, alice, departmentId);
    const dueAt = ms(opened.createdAt) + 3_000;
    assert.deepEqual(opened.slaPolicy, { id: policy.id, version: policy.version });
    assert.equal(opened.slaDueAt, new Date(dueAt).toISOString(), 'the new ticket shows its due time');
    assert.equal(clock(opened, 'firstResponse').state, 'running');
    assert.equal(
      (await read(opened.number, alice)).slaDueAt,
      opened.slaDueAt,
      'queues read the same due time',
    );

    const transferred = await eventually(async () => {
      const rows = (await changesOf(stack, opened.number)).filter((row) => row.event === 'transferred');
      return rows.length > 0 ? rows[0] : undefined;
    }, 15_000);
    const late = transferred.at.getTime() - dueAt;
    assert.ok(late > 0 && late < 2_000, `transferred ${late} ms after the due time`);
    assert.equal(transferred.ruleId, rule.id);
    assert.equal(transferred.ruleVersion, rule.version);
    assert.equal(transferred.ruleTrigger, 'slaBreached');

    await sleep(2_500); // Anything repeated would show by now.
    const changes = await changesOf(stack, opened.number);
    assert.equal(changes.filter((row) => row.event === 'transferred').length, 1, 'transferred once');
    const managerNotices = await stack.knex('notices').where({ ticketNumber: opened.number, kind: 'rule' });
    assert.deepEqual(
      managerNotices.map((notice) => [notice.staffId, notice.note, notice.ruleId]),
      [[managerId, 'First response breached', rule.id]],
    );
    const slaNotices = await stack
      .knex('notices')
      .where({ ticketNumber: opened.number })
      .whereLike('kind', 'sla-%');
    assert.deepEqual(slaNotices.map((notice) => notice.kind).sort(), ['sla-breached', 'sla-warning']);

    // Level 2 is not Alice's group any more: her manager reads it.
    const history = await stack.request('GET', `/api/tickets/${opened.number}/changes`, { token: manager });
    assert.equal(history.body[0].event, 'opened');
    assert.deepEqual(
      history.body
        .filter((change: { rule: unknown }) => change.rule !== null)
        .map((change: { event: string; rule: { id: number; version: number; trigger: string } }) => [
          change.event,
          change.rule.id,
          change.rule.version,
          change.rule.trigger,
        ]),
      [
        ['commentAdded', warned.id, warned.version, 'slaWarning'],
        ['transferred', rule.id, rule.version, 'slaBreached'],
      ],
      "the ticket's history names the rule and version behind each automatic change",
    );
    const warning = history.body.find((change: { event: string }) => change.event === 'commentAdded');
    const warnedLate = ms(warning.at) - (dueAt - 1_500);
    assert.ok(warnedLate >= 0 && warnedLate < 2_000, `warned ${warnedLate} ms after half the target`);
    const ticket = await read(opened.number, manager);
    assert.equal(ticket.groupId, level2);
    assert.equal(ticket.slaBreached, true);
    assert.equal(
      clock(ticket, 'firstResponse').breachedAt,
      new Date(dueAt).toISOString(),
      'breached at its due instant',
    );
    await saveHistory(
      stack.client,
      ticketWorkflowId(opened.number),
      'ticket/sla-breach-escalation-with-warning-rule',
    );
  });
});

describe('SLA clocks in a running ticket', () => {
  test('waiting pauses the resolution clock with its remaining time; a customer message resumes it and starts a next-response cycle', async () => {
    const { departmentId, alice } = await department();
    await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 60, businessHours: false, warning: null },
      { kind: 'nextResponse', withinSeconds: 60, businessHours: false, warning: null },
      { kind: 'resolution', withinSeconds: 4, businessHours: false, warning: { beforeSeconds: 1 } },
    ]);
    const opened = await openTicket(stack, alice, departmentId);
    const replied = await stack.request('POST', `/api/tickets/${opened.number}/replies`, {
      token: alice,
      body: { body: 'Could you send a screenshot?', status: 'waiting' },
    });
    assert.equal(replied.status, 200, JSON.stringify(replied.body));
    const pausedAt = ms(replied.body.updatedAt);
    const remaining = 4_000 - (pausedAt - ms(opened.createdAt));
    assert.equal(clock(replied.body, 'firstResponse').state, 'achieved');
    const paused = clock(replied.body, 'resolution');
    assert.equal(paused.state, 'paused');
    assert.equal(paused.dueAt, null, 'no due time while paused');
    assert.equal(paused.remainingMs, remaining);
    assert.equal(replied.body.slaDueAt, null);

    await sleep(2_000);
    const later = await read(opened.number, alice);
    assert.equal(clock(later, 'resolution').remainingMs, remaining, 'remaining time frozen while waiting');

    await stack.request('POST', `/api/tickets/${opened.number}/customer-messages`, {
      token: alice,
      body: { body: 'Here it is' },
    });
    const resumed = await eventually(async () => {
      const ticket = await read(opened.number, alice);
      return ticket.status === 'active' ? ticket : undefined;
    });
    const resumedAt = ms(resumed.updatedAt);
    assert.equal(clock(resumed, 'resolution').dueAt, new Date(resumedAt + remaining).toISOString());
    assert.equal(clock(resumed, 'nextResponse', 1).state, 'running');
    assert.equal(clock(resumed, 'nextResponse', 1).dueAt, new Date(resumedAt + 60_000).toISOString());

    const breached = await eventually(async () => {
      const ticket = await read(opened.number, alice);
      return ticket.slaBreached ? ticket : undefined;
    }, 15_000);
    assert.equal(clock(breached, 'resolution').breachedAt, new Date(resumedAt + remaining).toISOString());
    const answered = await stack.request('POST', `/api/tickets/${opened.number}/replies`, {
      token: alice,
      body: { body: 'Fixed', status: 'active' },
    });
    assert.equal(clock(answered.body, 'nextResponse', 1).state, 'achieved');
    const closed = await stack.request('POST', `/api/tickets/${opened.number}/close`, {
      token: alice,
      body: {},
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(clock(closed.body, 'resolution').state, 'breached', 'a late close does not undo the breach');
    const report = await stack.request(
      'GET',
      `/api/reports/sla?by=department&from=${encodeURIComponent(opened.createdAt)}&to=${encodeURIComponent(new Date(Date.now() + 1_000).toISOString())}`,
      { token: manager },
    );
    const row = report.body.rows.find((candidate: { key: number }) => candidate.key === departmentId);
    assert.deepEqual(row.targets, {
      firstResponse: { achieved: 1, breached: 0 },
      nextResponse: { achieved: 1, breached: 0 },
      resolution: { achieved: 0, breached: 1 },
    });
    assert.equal(
      row.firstResponse.medianMs,
      pausedAt - ms(opened.createdAt),
      'the report reads the real clocks',
    );
    const kinds = (await stack.knex('notices').where({ ticketNumber: opened.number })).map(
      (notice) => notice.kind,
    );
    assert.deepEqual(kinds.filter((kind) => kind.startsWith('sla-')).sort(), ['sla-breached', 'sla-warning']);
    await saveHistory(stack.client, ticketWorkflowId(opened.number), 'ticket/sla-pause-resume');
  });

  test('editing the policy moves open tickets to the new version and recomputes their due times; closed tickets keep theirs', async () => {
    const { departmentId, alice } = await department();
    const policy = await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 600, businessHours: false, warning: null },
    ]);
    const open = await openTicket(stack, alice, departmentId);
    const done = await openTicket(stack, alice, departmentId);
    await stack.request('POST', `/api/tickets/${done.number}/close`, { token: alice, body: {} });

    const edited = await stack.request('PUT', `/api/sla-policies/${policy.id}`, {
      token: manager,
      body: {
        name: 'Faster',
        conditions: { all: [{ field: 'department', op: 'in', value: [departmentId] }], any: [] },
        targets: [{ kind: 'firstResponse', withinSeconds: 3, businessHours: false, warning: null }],
      },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.version, 2);
    const moved = await eventually(async () => {
      const ticket = await read(open.number, alice);
      return ticket.slaPolicy?.version === 2 ? ticket : undefined;
    });
    const dueAt = ms(open.createdAt) + 3_000;
    // Recomputed from the ticket's own timeline: as if the new target had applied since creation.
    assert.equal(moved.slaDueAt, new Date(dueAt).toISOString());
    const breached = await eventually(async () => {
      const ticket = await read(open.number, alice);
      return ticket.slaBreached ? ticket : undefined;
    }, 15_000);
    assert.equal(clock(breached, 'firstResponse').breachedAt, new Date(dueAt).toISOString());
    assert.deepEqual((await read(done.number, alice)).slaPolicy, { id: policy.id, version: 1 });
    await saveHistory(stack.client, ticketWorkflowId(open.number), 'ticket/policy-edited-while-open');
    // The edit reached the ticket through a broadcast workflow of its own; its history is kept too.
    const broadcasts = stack.client.workflow.list({
      query: `WorkflowType = 'broadcastWorkflow' AND ExecutionStatus = 'Completed' AND TaskQueue = '${stack.taskQueue}'`,
    });
    for await (const broadcast of broadcasts) {
      if (!broadcast.workflowId.startsWith('automation-change-')) continue;
      // broadcast/automation-change.json stays: it stands for runs from before broadcasts had targets.
      await saveHistory(stack.client, broadcast.workflowId, 'broadcast/automation-change-to-open-tickets');
      break;
    }
  });
});

describe('policies by organization and custom fields', () => {
  test("a customer's organization and the ticket's custom fields choose the policy; changing a field re-selects it", async () => {
    const { departmentId, alice } = await department();
    const domain = `acme-${departmentId}.example`;
    const organization = await stack.request('POST', '/api/organizations', {
      token: manager,
      body: { name: `Acme ${departmentId}`, domains: [domain.toUpperCase()] },
    });
    assert.equal(organization.status, 201, JSON.stringify(organization.body));
    assert.deepEqual(organization.body.domains, [domain]);
    const goldAtAcme = await stack.request('POST', '/api/sla-policies', {
      token: manager,
      body: {
        name: 'Acme gold',
        conditions: {
          all: [
            { field: 'department', op: 'in', value: [departmentId] },
            { field: 'organization', op: 'in', value: [organization.body.id] },
            { field: 'customField', key: 'tier', op: 'in', value: ['gold'] },
          ],
          any: [],
        },
        targets: [{ kind: 'firstResponse', withinSeconds: 60 }],
      },
    });
    assert.equal(goldAtAcme.status, 201, JSON.stringify(goldAtAcme.body));
    const everyone = await createPolicy(stack, manager, departmentId, [
      { kind: 'firstResponse', withinSeconds: 3600 },
    ]);

    const open = async (email: string, customFields: Record<string, string>) => {
      const answer = await stack.request('POST', '/api/tickets', {
        token: alice,
        body: { subject: 'Tiered', body: 'Hello', customer: { email }, departmentId, customFields },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body;
    };
    const gold = await open(`ceo@${domain}`, { tier: 'gold' });
    assert.equal(gold.organizationId, organization.body.id);
    assert.deepEqual(gold.customFields, { tier: 'gold' });
    assert.equal(gold.slaPolicy.id, goldAtAcme.body.id);
    const elsewhere = await open(`someone-${departmentId}@example.org`, { tier: 'gold' });
    assert.equal(elsewhere.organizationId, null);
    assert.equal(elsewhere.slaPolicy.id, everyone.id);

    const demoted = await stack.request('PUT', `/api/tickets/${gold.number}/custom-fields`, {
      token: alice,
      body: { customFields: { tier: 'silver' } },
    });
    assert.equal(demoted.status, 200, JSON.stringify(demoted.body));
    const moved = await eventually(async () => {
      const ticket = await read(gold.number, alice);
      return ticket.slaPolicy?.id === everyone.id ? ticket : undefined;
    });
    assert.equal(moved.slaDueAt, new Date(ms(gold.createdAt) + 3_600_000).toISOString());
    const badKey = await stack.request('PUT', `/api/tickets/${gold.number}/custom-fields`, {
      token: alice,
      body: { customFields: { 'Not A Key': 'x' } },
    });
    assert.equal(badKey.status, 400);
    await saveHistory(stack.client, ticketWorkflowId(gold.number), 'ticket/policy-by-custom-field');
  });
});
