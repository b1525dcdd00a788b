import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Knex } from 'knex';
import type { StaffRole } from './models/staff';

export interface DemoLogin {
  email: string;
  password: string;
  role: StaffRole;
}

/** The demo accounts; each password is printed at start-up, so keep them obviously demo. */
export const demoLogins: DemoLogin[] = [
  { email: 'admin@duradesk.test', password: 'demo-admin', role: 'admin' },
  { email: 'manager@duradesk.test', password: 'demo-manager', role: 'manager' },
  { email: 'alice@duradesk.test', password: 'demo-agent', role: 'agent' },
  { email: 'bob@duradesk.test', password: 'demo-agent', role: 'agent' },
  { email: 'auditor@duradesk.test', password: 'demo-auditor', role: 'auditor' },
];

const names: Record<string, string> = {
  'admin@duradesk.test': 'Ada Admin',
  'manager@duradesk.test': 'Max Manager',
  'alice@duradesk.test': 'Alice Agent',
  'bob@duradesk.test': 'Bob Agent',
  'auditor@duradesk.test': 'Audrey Auditor',
};

/**
 * Seeds a brand, departments Support and Sales with groups Level 1 and Level 2, and the demo staff,
 * once: returns false when the database already has a brand.
 */
export async function seedDemoData(knex: Knex): Promise<boolean> {
  return knex.transaction(async (trx) => {
    // Two processes starting at once must not both seed.
    await trx.raw('lock table brands in exclusive mode');
    if (await trx('brands').first()) return false;
    const [brand] = await trx('brands').insert({ name: 'Duradesk Demo', slug: 'demo' }).returning('id');
    const groupIds: Record<string, number> = {};
    for (const [position, department] of ['Support', 'Sales'].entries()) {
      const [row] = await trx('departments')
        .insert({ brandId: brand.id, name: department, position })
        .returning('id');
      for (const [groupPosition, group] of ['Level 1', 'Level 2'].entries()) {
        const [groupRow] = await trx('groups')
          .insert({ departmentId: row.id, name: group, position: groupPosition })
          .returning('id');
        groupIds[`${department}/${group}`] = groupRow.id;
      }
    }
    for (const login of demoLogins) {
      const [staff] = await trx('staff')
        .insert({
          email: login.email,
          name: names[login.email],
          role: login.role,
          passwordHash: await argon2.hash(login.password),
        })
        .returning('id');
      const groups =
        login.email === 'alice@duradesk.test'
          ? ['Support/Level 1', 'Sales/Level 1']
          : login.email === 'bob@duradesk.test'
            ? ['Support/Level 1', 'Support/Level 2']
            : [];
      // Demo agents take tickets as soon as they log in.
      for (const group of groups) {
        await trx('groupMembers').insert({ groupId: groupIds[group], staffId: staff.id, receiving: true });
      }
      if (login.role === 'manager') {
        const departments = await trx('departments').where({ brandId: brand.id }).select('id');
        await trx('departmentManagers').insert(
          departments.map(({ id }) => ({ departmentId: id, staffId: staff.id })),
        );
      }
    }
    await seedServiceLevels(trx, brand.id, groupIds);
    return true;
  });
}

const hour = 3_600_000;

/**
 * Office hours for the brand, two SLA policies (urgent tickets first) and one escalation rule, so a new
 * user sees due times on their first ticket and can read how the rule is built.
 */
async function seedServiceLevels(trx: Knex.Transaction, brandId: number, groupIds: Record<string, number>) {
  const [calendar] = await trx('businessCalendars')
    .insert({
      name: 'Office hours (Berlin)',
      timeZone: 'Europe/Berlin',
      ranges: JSON.stringify([1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' }))),
      holidays: JSON.stringify(['01-01', '05-01', '10-03', '12-25', '12-26']),
    })
    .returning('id');
  await trx('brands').where({ id: brandId }).update({ calendarId: calendar.id });
  const departments = await trx('departments').where({ brandId }).orderBy('position').select('id');
  const demo = { field: 'department', op: 'in', value: departments.map(({ id }) => id) };
  const policies = [
    {
      name: 'Urgent',
      conditions: { all: [demo, { field: 'priority', op: 'in', value: ['urgent'] }], any: [] },
      targets: [
        { kind: 'firstResponse', withinMs: hour, businessHours: false, warning: { percent: 25 } },
        { kind: 'resolution', withinMs: 8 * hour, businessHours: false, warning: null },
      ],
    },
    {
      name: 'Standard',
      conditions: { all: [demo], any: [] },
      targets: [
        { kind: 'firstResponse', withinMs: 4 * hour, businessHours: true, warning: { percent: 25 } },
        { kind: 'nextResponse', withinMs: 8 * hour, businessHours: true, warning: null },
        { kind: 'resolution', withinMs: 40 * hour, businessHours: true, warning: { beforeMs: 4 * hour } },
      ],
    },
  ];
  for (const [position, policy] of policies.entries()) {
    const definition = {
      conditions: JSON.stringify(policy.conditions),
      targets: JSON.stringify(policy.targets),
    };
    const [row] = await trx('slaPolicies')
      .insert({ name: policy.name, position, ...definition })
      .returning('id');
    await trx('slaPolicyVersions').insert({ policyId: row.id, version: 1, name: policy.name, ...definition });
  }
  const support = departments[0]!;
  const rule = {
    name: 'Escalate late first responses',
    trigger: JSON.stringify({ on: 'slaBreached' }),
    conditions: JSON.stringify({ all: [{ field: 'department', op: 'in', value: [support.id] }], any: [] }),
    actions: JSON.stringify([
      { type: 'transfer', departmentId: null, groupId: groupIds['Support/Level 2'], agentId: null },
      { type: 'notify', to: { managers: true }, email: false, note: 'An SLA target was breached' },
    ]),
  };
  const [ruleRow] = await trx('automationRules')
    .insert({ ...rule, position: 0, webhookSecret: randomBytes(32).toString('hex') })
    .returning('id');
  await trx('automationRuleVersions').insert({ ruleId: ruleRow.id, version: 1, ...rule });
}
