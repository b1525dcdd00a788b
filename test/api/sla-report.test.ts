import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDepartment } from '../support/department';
import { type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';

let stack: Stack;

before(async () => {
  stack = await startStack();
});
after(() => stack.stop());

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

test('the compliance report counts verdicts and measures first response and resolution per group, within the period', async () => {
  const { departmentId, groupId } = await createDepartment(stack.knex, []);
  const [other] = await stack.knex('groups').insert({ departmentId, name: 'Level 2' }).returning('id');
  const [policy] = await stack
    .knex('slaPolicies')
    .insert({
      name: 'Report',
      position: 999,
      enabled: false,
      conditions: '{"all":[],"any":[]}',
      targets: '[]',
    })
    .returning('id');
  // Clocks as ticket workflows report them, in 2001 so no other test's tickets fall in the period.
  const start = Date.parse('2001-03-01T00:00:00Z');
  const rows = Array.from({ length: 24 }, (_, index) => {
    const target = index % 3 === 0 ? 'resolution' : 'firstResponse';
    const state = index % 5 === 0 ? 'breached' : index % 7 === 0 ? 'running' : 'achieved';
    const elapsedMs = ((index * 7919) % 100) * 60_000;
    return {
      ticketNumber: 900_000 + index,
      target,
      cycle: 1,
      ticketVersion: 1,
      policyId: policy.id,
      policyVersion: 1,
      departmentId,
      groupId: index % 2 === 0 ? groupId : other.id,
      agentId: null,
      state,
      startedAt: new Date(start + index * 3_600_000),
      fulfilledAt: state === 'running' ? null : new Date(start + index * 3_600_000 + elapsedMs),
      elapsedMs,
    };
  });
  const outside = {
    ...rows[0]!,
    ticketNumber: 899_999,
    startedAt: new Date(Date.parse('2001-04-01T00:00:00Z')),
  };
  await stack.knex('slaClocks').insert([...rows, outside]);

  const auditor = await stack.login('auditor@duradesk.test');
  const answer = await stack.request(
    'GET',
    `/api/reports/sla?from=2001-03-01T00:00:00Z&to=2001-03-02T00:00:00Z&by=group`,
    { token: auditor },
  );
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  for (const group of [groupId, other.id]) {
    const mine = rows.filter((row) => row.groupId === group);
    const measured = (target: string) =>
      mine.filter((row) => row.target === target && row.fulfilledAt !== null).map((row) => row.elapsedMs);
    const reported = answer.body.rows.find((row: { key: number }) => row.key === group);
    assert.equal(reported.achieved, mine.filter((row) => row.state === 'achieved').length);
    assert.equal(reported.breached, mine.filter((row) => row.state === 'breached').length);
    for (const target of ['firstResponse', 'resolution']) {
      const values = measured(target);
      assert.deepEqual(reported[target], {
        count: values.length,
        medianMs: percentile(values, 0.5),
        p90Ms: percentile(values, 0.9),
      });
    }
  }
  assert.equal(answer.body.rows.length, 2, 'only clocks started in the period, of these two groups');

  const agent = await stack.login('alice@duradesk.test');
  assert.equal(
    (
      await stack.request('GET', '/api/reports/sla?from=2001-03-01T00:00:00Z&to=2001-03-02T00:00:00Z', {
        token: agent,
      })
    ).status,
    403,
  );
  const backwards = await stack.request(
    'GET',
    '/api/reports/sla?from=2001-03-02T00:00:00Z&to=2001-03-01T00:00:00Z',
    {
      token: auditor,
    },
  );
  assert.equal(backwards.status, 400);
  assert.match(JSON.stringify(backwards.body), /later than from/);
});

test('by policy, each version is a row under the name it had; a manager sees only the departments they manage', async () => {
  const mine = await createDepartment(stack.knex, []);
  const theirs = await createDepartment(stack.knex, []);
  const [policy] = await stack
    .knex('slaPolicies')
    .insert({
      name: 'Now called',
      position: 999,
      enabled: false,
      conditions: '{"all":[],"any":[]}',
      targets: '[]',
    })
    .returning('id');
  await stack.knex('slaPolicyVersions').insert(
    ['Bronze', 'Silver'].map((name, index) => ({
      policyId: policy.id,
      version: index + 1,
      name,
      conditions: '{"all":[],"any":[]}',
      targets: '[]',
    })),
  );
  // A manager of one department only.
  const boss = await createAgent(stack.knex, []);
  await stack.knex('staff').where({ id: boss.id }).update({ role: 'manager' });
  await stack.knex('departmentManagers').insert({ departmentId: mine.departmentId, staffId: boss.id });

  // In 2002, a period of this test's own.
  const start = Date.parse('2002-06-01T00:00:00Z');
  const rows = Array.from({ length: 30 }, (_, index) => {
    const target = ['firstResponse', 'nextResponse', 'resolution'][index % 3]!;
    const state = ['achieved', 'breached', 'achieved', 'running', 'stopped', 'achieved', 'breached'][
      index % 7
    ]!;
    const department = index % 4 === 0 ? theirs : mine;
    const elapsedMs = 1_000 + ((index * 104_729) % 50_000);
    const fulfilled = state === 'achieved' || (state === 'breached' && index % 2 === 0);
    return {
      ticketNumber: 910_000 + index,
      target,
      cycle: 1,
      ticketVersion: 1,
      policyId: policy.id,
      policyVersion: index < 12 ? 1 : 2,
      departmentId: department.departmentId,
      groupId: department.groupId,
      agentId: index % 5 === 0 ? null : boss.id,
      state,
      startedAt: new Date(start + index * 60_000),
      fulfilledAt: fulfilled ? new Date(start + index * 60_000 + elapsedMs) : null,
      elapsedMs,
    };
  });
  await stack.knex('slaClocks').insert(rows);
  const period = 'from=2002-06-01T00:00:00Z&to=2002-06-02T00:00:00Z';
  type Clock = (typeof rows)[number];
  /** What the report must say of some clocks, computed here from the inserted rows. */
  const expected = (clocks: Clock[]) => {
    const count = (state: string, target?: string) =>
      clocks.filter((clock) => clock.state === state && (!target || clock.target === target)).length;
    const targets = Object.fromEntries(
      [...new Set(clocks.map((clock) => clock.target))].map((target) => [
        target,
        { achieved: count('achieved', target), breached: count('breached', target) },
      ]),
    );
    const measured = (target: string) => {
      const values = clocks
        .filter((clock) => clock.target === target && clock.fulfilledAt !== null)
        .map((clock) => clock.elapsedMs);
      return { count: values.length, medianMs: percentile(values, 0.5), p90Ms: percentile(values, 0.9) };
    };
    return {
      achieved: count('achieved'),
      breached: count('breached'),
      targets,
      firstResponse: measured('firstResponse'),
      resolution: measured('resolution'),
    };
  };

  const auditor = await stack.login('auditor@duradesk.test');
  const byPolicy = await stack.request('GET', `/api/reports/sla?${period}&by=policy`, { token: auditor });
  assert.equal(byPolicy.status, 200, JSON.stringify(byPolicy.body));
  assert.deepEqual(
    byPolicy.body.rows,
    [1, 2].map((version) => ({
      key: policy.id,
      version,
      name: version === 1 ? 'Bronze' : 'Silver',
      ...expected(rows.filter((row) => row.policyVersion === version)),
    })),
  );

  const token = await stack.login(boss.email, boss.password);
  const byDepartment = await stack.request('GET', `/api/reports/sla?${period}&by=department`, { token });
  const name = async (id: number) => (await stack.knex('departments').where({ id }).first('name')).name;
  assert.deepEqual(byDepartment.body.rows, [
    {
      key: mine.departmentId,
      version: null,
      name: await name(mine.departmentId),
      ...expected(rows.filter((row) => row.departmentId === mine.departmentId)),
    },
  ]);
  const byAgent = await stack.request('GET', `/api/reports/sla?${period}&by=agent`, { token });
  const ours = rows.filter((row) => row.departmentId === mine.departmentId);
  assert.deepEqual(byAgent.body.rows, [
    {
      key: boss.id,
      version: null,
      name: 'Test Agent',
      ...expected(ours.filter((row) => row.agentId === boss.id)),
    },
    { key: null, version: null, name: null, ...expected(ours.filter((row) => row.agentId === null)) },
  ]);
});
