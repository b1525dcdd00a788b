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
    assert.deepEqual(
      bad.body.errors.map((error: { path: string }) => error.path),
      ['body.timeZone', 'body.ranges.0', 'body.holidays'],
      'each problem at its field',
    );
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

  test("a calendar is edited and listed; names are unique; a brand calendar is the administrators', and in use blocks deletion; managers set only their departments'", async () => {
    const admin = await stack.login('admin@duradesk.test');
    const name = `Shop ${departmentId}`;
    const created = await stack.request('POST', '/api/calendars', {
      token: manager,
      body: { ...office, name },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const edited = await stack.request('PUT', `/api/calendars/${id}`, {
      token: manager,
      body: { ...office, name, ranges: [{ day: 5, open: '22:00', close: '06:00' }], holidays: [] },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const read = await stack.request('GET', `/api/calendars/${id}`, { token: alice });
    assert.deepEqual(read.body, {
      id,
      name,
      timeZone: 'Europe/Berlin',
      ranges: [{ day: 5, open: '22:00', close: '06:00' }],
      holidays: [],
    });
    const listed = await stack.request('GET', '/api/calendars', { token: alice });
    assert.ok(listed.body.some((calendar: { id: number }) => calendar.id === id));
    const twin = await stack.request('POST', '/api/calendars', { token: manager, body: { ...office, name } });
    assert.equal(twin.status, 409);
    assert.match(twin.body.detail, /already exists/);

    // A brand's calendar reaches every department of the brand: administrators set it.
    const [brand] = await stack
      .knex('brands')
      .insert({ name: name, slug: `shop-${departmentId}` })
      .returning('id');
    const byManager = await stack.request('PUT', `/api/brands/${brand.id}/calendar`, {
      token: manager,
      body: { calendarId: id },
    });
    assert.equal(byManager.status, 403);
    const byAdmin = await stack.request('PUT', `/api/brands/${brand.id}/calendar`, {
      token: admin,
      body: { calendarId: id },
    });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.equal((await stack.knex('brands').where({ id: brand.id }).first('calendarId')).calendarId, id);
    const refused = await stack.request('DELETE', `/api/calendars/${id}`, { token: manager });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /used by brand/);
    await stack.request('PUT', `/api/brands/${brand.id}/calendar`, {
      token: admin,
      body: { calendarId: null },
    });
    assert.equal(
      (await stack.request('PUT', '/api/brands/999999/calendar', { token: admin, body: { calendarId: id } }))
        .status,
      404,
    );

    // A department nobody gave this manager.
    const [foreign] = await stack
      .knex('departments')
      .insert({ brandId: brand.id, name: `Foreign ${departmentId}` })
      .returning('id');
    const notMine = await stack.request('PUT', `/api/departments/${foreign.id}/calendar`, {
      token: manager,
      body: { calendarId: id },
    });
    assert.equal(notMine.status, 403);
    assert.equal(
      (await stack.knex('departments').where({ id: foreign.id }).first('calendarId')).calendarId,
      null,
    );
    assert.equal(
      (
        await stack.request('PUT', `/api/departments/${departmentId}/calendar`, {
          token: alice,
          body: { calendarId: id },
        })
      ).status,
      403,
    );
    assert.equal((await stack.request('DELETE', `/api/calendars/${id}`, { token: manager })).status, 204);
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
      [{ name: 'x', targets: [{ kind: 'firstResponse', withinSeconds: 0 }] }, /at least 0.001 seconds/],
      [{ name: 'x', targets: [{ kind: 'firstResponse', withinSeconds: 0.0001 }] }, /at least 0.001 seconds/],
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
      [
        { name: 'x', targets, conditions: { any: [{ field: 'group', op: 'notIn', value: [999_998] }] } },
        /Group 999998 does not exist/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'brand', op: 'in', value: [999_997] }] } },
        /Brand 999997 does not exist/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'channel', op: 'in', value: ['fax'] }] } },
        /value/,
      ],
      [
        { name: 'x', targets, conditions: { all: [{ field: 'priority', op: 'matches', value: 'x' }] } },
        /not an operator of priority/,
      ],
      [
        { name: 'x', targets: [{ kind: 'resolution', withinSeconds: 60, warning: { percent: 0 } }] },
        /percent/,
      ],
      [{ name: 'x', targets: [{ kind: 'lunch', withinSeconds: 60 }] }, /kind/],
      [{ name: 'x', targets: [] }, /at least one target/],
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

  test('stored in milliseconds with a version row; a new policy goes last; agents and auditors read, only managers write', async () => {
    const auditor = await stack.login('auditor@duradesk.test');
    const body = {
      name: 'Ms',
      conditions: inDepartment(departmentId),
      targets: [{ kind: 'nextResponse', withinSeconds: 90.5, warning: { beforeSeconds: 0.25 } }],
    };
    const first = await stack.request('POST', '/api/sla-policies', { token: manager, body });
    const second = await stack.request('POST', '/api/sla-policies', {
      token: manager,
      body: { ...body, enabled: false },
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.ok(second.body.position > first.body.position, 'after the last');
    const stored = await stack.knex('slaPolicies').where({ id: first.body.id }).first();
    assert.deepEqual(stored.targets, [
      { kind: 'nextResponse', withinMs: 90_500, businessHours: false, warning: { beforeMs: 250 } },
    ]);
    assert.deepEqual(
      (await stack.knex('slaPolicyVersions').where({ policyId: first.body.id })).map((row) => [
        row.version,
        row.targets,
      ]),
      [[1, stored.targets]],
    );
    const read = await stack.request('GET', `/api/sla-policies/${first.body.id}`, { token: auditor });
    assert.deepEqual(read.body.targets, [
      { kind: 'nextResponse', withinSeconds: 90.5, businessHours: false, warning: { beforeSeconds: 0.25 } },
    ]);
    assert.equal(read.body.enabled, true);

    const writes: [string, string, object | undefined][] = [
      ['POST', '/api/sla-policies', body],
      ['PUT', `/api/sla-policies/${first.body.id}`, body],
      ['DELETE', `/api/sla-policies/${first.body.id}`, undefined],
    ];
    for (const token of [alice, auditor])
      for (const [method, path, payload] of writes)
        assert.equal(
          (await stack.request(method, path, { token, body: payload })).status,
          403,
          `${method} ${path}`,
        );
    const badEdit = await stack.request('PUT', `/api/sla-policies/${first.body.id}`, {
      token: manager,
      body: { ...body, targets: [] },
    });
    assert.equal(badEdit.status, 400);
    assert.equal(
      (await stack.knex('slaPolicies').where({ id: first.body.id }).first()).version,
      1,
      'a refused edit is no version',
    );
    for (const { id } of [first.body, second.body])
      await stack.request('DELETE', `/api/sla-policies/${id}`, { token: manager });
    assert.equal(
      (await stack.request('PUT', `/api/sla-policies/${first.body.id}`, { token: manager, body })).status,
      404,
    );
    assert.equal(
      (await stack.request('DELETE', `/api/sla-policies/${first.body.id}`, { token: manager })).status,
      404,
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
      [{ conditions: { all: [{ field: 'subject', op: 'containsAny', value: [] }] } }, /at least one keyword/],
      [
        { conditions: { any: [{ field: 'subject', op: 'matches', value: 'a'.repeat(201) }] } },
        /at most 200 characters/,
      ],
      [{ actions: [{ ...notifyGroup, to: { groupId: 999_999 } }] }, /Group 999999 does not exist/],
      [{ actions: [{ type: 'pin', pinned: true, colour: 'red' }] }, /colour/],
      [{ trigger: { on: 'afterBreach', afterSeconds: 60, target: 'lunch' } }, /target/],
      [{ trigger: { on: 'beforeDue', beforeSeconds: 0 } }, /at least 0.001 seconds/],
      [{ actions: [{ type: 'setStatus', status: 'spam' }] }, /status/],
      [{ actions: [{ type: 'webhook', url: 'not a url' }] }, /url/],
    ];
    for (const [body, problem] of cases)
      assert.match(problemText(await post(body)), problem, JSON.stringify(body));
    const bobId = (await stack.knex('staff').where({ email: 'bob@duradesk.test' }).first('id')).id;
    assert.match(
      problemText(await post({ actions: [{ type: 'transfer', groupId, agentId: bobId }] })),
      new RegExp(`Agent ${bobId} is not a member of group ${groupId}`),
    );
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
  test('stored in milliseconds; managers may keep personal rules; auditors read every rule without secrets; agents write no system rule', async () => {
    const auditor = await stack.login('auditor@duradesk.test');
    const rule = {
      name: 'Stored',
      trigger: { on: 'idleFor', afterSeconds: 90.5 },
      conditions: inDepartment(departmentId),
      actions: [{ type: 'transfer', groupId }],
    };
    const system = await stack.request('POST', '/api/automation-rules', { token: manager, body: rule });
    assert.equal(system.status, 201, JSON.stringify(system.body));
    const stored = await stack.knex('automationRules').where({ id: system.body.id }).first();
    assert.deepEqual(stored.trigger, { on: 'idleFor', afterMs: 90_500 });
    assert.deepEqual(stored.actions, [{ type: 'transfer', departmentId: null, groupId, agentId: null }]);
    assert.equal((await stack.knex('automationRuleVersions').where({ ruleId: system.body.id })).length, 1);
    assert.deepEqual(system.body.trigger, rule.trigger, 'answered in seconds');

    const managerId = (await stack.knex('staff').where({ email: 'manager@duradesk.test' }).first('id')).id;
    const managers = await stack.request('POST', '/api/automation-rules', {
      token: manager,
      body: { ...rule, personal: true },
    });
    assert.equal(managers.body.ownerId, managerId);
    const alices = await stack.request('POST', '/api/automation-rules', { token: alice, body: rule });
    assert.equal(alices.status, 201);
    const pretending = await stack.request('POST', '/api/automation-rules', {
      token: alice,
      body: { ...rule, name: 'Pretend system', personal: false },
    });
    assert.equal(pretending.status, 403);
    assert.equal(await stack.knex('automationRules').where({ name: 'Pretend system' }).first(), undefined);
    assert.equal(
      (await stack.request('DELETE', `/api/automation-rules/${system.body.id}`, { token: alice })).status,
      403,
    );

    const seen = await stack.request('GET', '/api/automation-rules', { token: auditor });
    const ids = seen.body.map((listed: { id: number }) => listed.id);
    for (const created of [system, managers, alices]) assert.ok(ids.includes(created.body.id));
    assert.ok(seen.body.every((listed: { webhookSecret?: string }) => listed.webhookSecret === undefined));
    assert.equal(
      (await stack.request('POST', '/api/automation-rules', { token: auditor, body: rule })).status,
      403,
    );
    const bobSees = await stack.request('GET', '/api/automation-rules', { token: bob });
    assert.ok(!bobSees.body.some((listed: { id: number }) => listed.id === managers.body.id));
    assert.equal(
      (await stack.request('GET', `/api/automation-rules/${alices.body.id}/versions`, { token: bob })).status,
      404,
    );
    const managerReads = await stack.request('GET', `/api/automation-rules/${alices.body.id}`, {
      token: manager,
    });
    assert.equal(managerReads.body.webhookSecret, alices.body.webhookSecret, 'managers may edit it');
    for (const created of [system, managers, alices])
      await stack.request('DELETE', `/api/automation-rules/${created.body.id}`, { token: manager });
  });
});
