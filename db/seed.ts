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
    return true;
  });
}
