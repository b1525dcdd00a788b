import type { Knex } from 'knex';
import type { ConditionField } from '../workflows/domain/ticket-conditions';

const tables: Partial<Record<ConditionField, { table: string; name: string }>> = {
  brand: { table: 'brands', name: 'Brand' },
  department: { table: 'departments', name: 'Department' },
  group: { table: 'groups', name: 'Group' },
  agent: { table: 'staff', name: 'Staff member' },
  customer: { table: 'customers', name: 'Customer' },
  organization: { table: 'organizations', name: 'Organization' },
};

export interface Reference {
  field: ConditionField;
  id: number;
  /** Where in the body the id was given, for the error. */
  path: string;
}

/** Every referenced brand, department, group, staff member or customer that does not exist, by path. */
export async function missingReferences(
  knex: Knex,
  references: Reference[],
): Promise<{ path: string; message: string }[]> {
  const errors: { path: string; message: string }[] = [];
  for (const reference of references) {
    const target = tables[reference.field];
    if (!target) continue;
    const row = await knex(target.table).where({ id: reference.id }).first('id');
    if (!row)
      errors.push({ path: reference.path, message: `${target.name} ${reference.id} does not exist.` });
  }
  return errors;
}
