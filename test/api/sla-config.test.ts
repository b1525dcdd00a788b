import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inDepartment } from '../support/automation';
import { createDepartment } from '../support/department';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let manager: string;
let alice: string;
let bob: string;
let departmentId: number;
let groupId: number;

before(async () => {
  stack = await startStack();
  ({ departmentId, groupId } = await createDepartment(stack.knex, ['alice@duradesk.test']));
  manager = await stack.login('manager@duradesk.test');
  alice = await stack.login('alice@duradesk.test');
  bob = await stack.login('bob@duradesk.test');
});
after(() => stack.stop());

/** The messages of a 400 problem, joined, to assert on what it names. */
function problemText(answer: {
  status: number;
  body: { detail: string; errors?: { path: string; message: string }[] };
}) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  return [
    answer.body.detail,
    ...(answer.body.errors ?? []).map((error) => `${error.path}: ${error.message}`),
  ].join('\n');
}

const office = {
  name: 'Office',
  timeZone: 'Europe/Berlin',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
  holidays: ['12-25', '2026-12-31'],
};

describe('business calendars', () => {
  test('a manager defines one, asks when business minutes run out, assigns it; a calendar in use cannot be deleted', async () => {
    const created = await stack.request('POST', '/api/calendars', {
      token: manager,
      body: { ...office, name: `Office ${departmentId}` },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const due = await stack.request(
      'GET',
      `/api/calendars/${created.body.id}/due?from=${encodeURIComponent('2026-11-27T16:00:00+01:00')}&minutes=120`,
      { token: alice },
    );
    assert.equal(
      due.body.dueAt,
      '2026-11-30T09:00:00.000Z',
      'Friday 16:00 + 2 business hours = Monday 10:00 in Berlin',
    );

    const assigned = await stack.request('PUT', `/api/departments/${departmentId}/calendar`, {
      token: manager,
      body: { calendarId: created.body.id },
    });
    assert.equal(assigned.status, 200);
    const refused = await stack.request('DELETE', `/api/calendars/${created.body.id}`, { token: manager });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /used by department/);
    await stack.request('PUT', `/api/departments/${departmentId}/calendar`, {
      token: manager,
      body: { calendarId: null },
    });
    assert.equal(
      (await stack.request('DELETE', `/api/calendars/${created.body.id}`, { token: manager })).status,
      204,
    );
    assert.equal(
      (await stack.request('GET', `/api/calendars/${created.body.id}`, { token: manager })).status,
      404,
    );
  });

  test('bad calendars are refused with each problem named; agents may not define them', async () => {
    const bad = await stack.request('POST', '/api/calendars', {
      token: manager,
      body: {
        ...office,
        timeZone: 'Mars/Olympus',
        ranges: [{ day: 1, open: '25:00', close: '17:00' }],
        holidays: ['02-30'],
      },
    });
    const text = problemText(bad);
    assert.match(text, /Unknown time zone "Mars\/Olympus"/);
    assert.match(text, /opening time "25:00"/);
    assert.match(text, /Holiday "02-30"/);
    const unknownKey = await stack.request('POST', '/api/calendars', {
      token: manager,
      body: { ...office, weekends: true },
    });
    assert.match(problemText(unknownKey), /weekends/);
    const missing = await stack.request('PUT', `/api/departments/${departmentId}/calendar`, {
      token: manager,
      body: { calendarId: 999_999 },
    });
    assert.match(problemText(missing), /Calendar 999999 does not exist/);
    assert.equal((await stack.request('POST', '/api/calendars', { token: alice, body: office })).status, 403);
    assert.equal(
      await stack.knex('businessCalendars').where({ name: office.name }).first(),
      undefined,
      'nothing stored',
    );
  });
});

describe('SLA policies', () => {
  const targets = [
    { kind: 'firstResponse', withinSeconds: 3600, businessHours: true, warning: { percent: 25 } },
    { kind: 'resolution', withinSeconds: 86_400, warning: { beforeSeconds: 3600 } },
  ];

  test('each edit is a new version; versions are kept; a retired policy is gone from the list', async () => {
    const created = await stack.request('POST', '/api/sla-policies', {
      token: manager,
      body: { name: 'Gold', conditions: inDepartment(departmentId), targets },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.version, 1);
    assert.deepEqual(created.body.targets, [
      { kind: 'firstResponse', withinSeconds: 3600, businessHours: true, warning: { percent: 25 } },
      { kind: 'resolution', withinSeconds: 86_400, businessHours: false, warning: { beforeSeconds: 3600 } },
    ]);
    const edited = await stack.request('PUT', `/api/sla-policies/${created.body.id}`, {
      token: manager,
      body: { name: 'Gold+', conditions: inDepartment(departmentId), targets: targets.slice(0, 1) },
    });
    assert.equal(edited.body.version, 2);
    const versions = await stack.request('GET', `/api/sla-policies/${created.body.id}/versions`, {
      token: alice,
    });
    assert.deepEqual(
      versions.body.map((version: { version: number; name: string; targets: unknown[] }) => [
        version.version,
        version.name,
        version.targets.length,
      ]),
      [
        [1, 'Gold', 2],
        [2, 'Gold+', 1],
      ],
    );
    assert.equal(
      (await stack.request('DELETE', `/api/sla-policies/${created.body.id}`, { token: manager })).status,
      204,
    );
    const list = await stack.request('GET', '/api/sla-policies', { token: alice });
    assert.ok(!list.body.some((policy: { id: number }) => policy.id === created.body.id));
  });

  test('bad policies name their problem and store nothing', async () => {
    const post = (body: object) => stack.request('POST', '/api/sla-policies', { token: manager, body });
    const cases: [object, RegExp][] = [
      [{ name: 'x', targets, colour: 'gold' }, /colour/],
      [{ name: 'x', targets: [{ kind: 'firstResponse', withinSeconds: 0 }] }, /more than 0 seconds/],
      [
        { name: 'x', targets: [{ kind: 'firstResponse', withinSeconds: 400 * 86_400 }] },
        /impossible duration/,
      ],
      [{ name: 'x', targets: [targets[0], targets[0]] }, /each target kind may appear once/],
      [
        { name: 'x', targets: [{ kind: 'resolution', withinSeconds: 60, warning: { beforeSeconds: 60 } }] },
        /shorter than the target/,
      ],
      [
        { name: 'x', targets: [{ kind: 'resolution', withinSeconds: 60, warning: { percent: 100 } }] },
        /percent/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'subject', op: 'containsAny', value: ['a'] }] } },
        /field/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'priority', op: 'in', value: ['extreme'] }] } },
        /value/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'department', op: 'in', value: [999_999] }] } },
        /Department 999999 does not exist/,
      ],
    ];
    for (const [body, problem] of cases)
      assert.match(problemText(await post(body)), problem, JSON.stringify(body));
    assert.equal(await stack.knex('slaPolicies').where({ name: 'x' }).first(), undefined);
    assert.equal(
      (await stack.request('POST', '/api/sla-policies', { token: alice, body: { name: 'y', targets } }))
        .status,
      403,
    );
  });
});

describe('automation rules', () => {
  const notifyGroup = { type: 'notify', to: { groupId: 0 }, note: 'Look' };

  test('bad rules are refused naming the problem: unknown field, impossible duration, missing targets, bad patterns', async () => {
    const post = (body: object) =>
      stack.request('POST', '/api/automation-rules', {
        token: manager,
        body: { name: 'bad', trigger: { on: 'created' }, actions: [{ type: 'pin', pinned: true }], ...body },
      });
    const cases: [object, RegExp][] = [
      [{ conditions: { all: [{ field: 'mood', op: 'in', value: [1] }] } }, /mood|field/],
      [{ trigger: { on: 'idleFor', afterSeconds: 999 * 86_400 } }, /impossible duration/],
      [{ trigger: { on: 'tuesday' } }, /on/],
      [{ actions: [{ type: 'transfer', groupId: 999_999 }] }, /Group 999999 does not exist/],
      [
        { actions: [{ type: 'transfer', departmentId, groupId: 1 }] },
        new RegExp(`Group 1 is not in department ${departmentId}`),
      ],
      [{ actions: [{ type: 'transfer' }] }, /names no department, group or agent/],
      [{ actions: [{ ...notifyGroup, to: { agentId: 999_999 } }] }, /Staff member 999999 does not exist/],
      [
        { actions: [{ type: 'emailCustomer', subject: 'Hi {{ticket.secret}}', body: 'x' }] },
        /unknown placeholder/,
      ],
      [{ actions: [{ type: 'webhook', url: 'ftp://example.com/hook' }] }, /url/],
      [
        { conditions: { all: [{ field: 'body', op: 'matches', value: '(unclosed' }] } },
        /not a valid regular expression/,
      ],
      [
        { conditions: { all: [{ field: 'replyCount', op: 'in', value: [1] }] } },
        /not an operator of replyCount/,
      ],
      [{ actions: [] }, /at least one action/],
    ];
    for (const [body, problem] of cases)
      assert.match(problemText(await post(body)), problem, JSON.stringify(body));
    assert.equal(
      await stack.knex('automationRules').where({ name: 'bad' }).first(),
      undefined,
      'nothing stored',
    );
  });

  test('system rules are the managers; agents keep personal rules that others do not see; every edit is a version', async () => {
    const rule = {
      name: 'Mine',
      trigger: { on: 'beforeDue', beforeSeconds: 600, target: 'firstResponse' },
      conditions: inDepartment(departmentId),
      actions: [{ ...notifyGroup, to: { groupId } }],
    };
    const system = await stack.request('POST', '/api/automation-rules', { token: manager, body: rule });
    assert.equal(system.status, 201, JSON.stringify(system.body));
    assert.equal(system.body.ownerId, null);
    assert.match(system.body.webhookSecret, /^[0-9a-f]{64}$/);
    assert.deepEqual(system.body.trigger, rule.trigger);

    const personal = await stack.request('POST', '/api/automation-rules', { token: alice, body: rule });
    assert.equal(personal.status, 201);
    const aliceId = (await stack.knex('staff').where({ email: 'alice@duradesk.test' }).first('id')).id;
    assert.equal(personal.body.ownerId, aliceId, "an agent's rule is personal");

    const seenByAlice = await stack.request('GET', `/api/automation-rules/${system.body.id}`, {
      token: alice,
    });
    assert.equal(seenByAlice.body.webhookSecret, undefined, 'the secret is for who may edit the rule');
    const aliceEdits = await stack.request('PUT', `/api/automation-rules/${system.body.id}`, {
      token: alice,
      body: rule,
    });
    assert.equal(aliceEdits.status, 403);
    assert.equal(
      (await stack.request('GET', `/api/automation-rules/${personal.body.id}`, { token: bob })).status,
      404,
    );
    const bobsList = await stack.request('GET', '/api/automation-rules', { token: bob });
    assert.ok(!bobsList.body.some((listed: { id: number }) => listed.id === personal.body.id));

    const edited = await stack.request('PUT', `/api/automation-rules/${personal.body.id}`, {
      token: alice,
      body: { ...rule, name: 'Mine, louder' },
    });
    assert.equal(edited.body.version, 2);
    const versions = await stack.request('GET', `/api/automation-rules/${personal.body.id}/versions`, {
      token: alice,
    });
    assert.deepEqual(
      versions.body.map((version: { version: number; name: string }) => [version.version, version.name]),
      [
        [1, 'Mine'],
        [2, 'Mine, louder'],
      ],
    );
    for (const id of [system.body.id, personal.body.id]) {
      const token = id === system.body.id ? manager : alice;
      assert.equal((await stack.request('DELETE', `/api/automation-rules/${id}`, { token })).status, 204);
    }
  });
});
