import type { Knex } from 'knex';

/** A definition edited by versions: its live table, and the table that keeps every version. */
export interface Versioned {
  table: 'slaPolicies' | 'automationRules';
  versions: 'slaPolicyVersions' | 'automationRuleVersions';
  /** The versions table's column naming the definition. */
  key: 'policyId' | 'ruleId';
  /** How the API names it, e.g. in a 404. */
  noun: string;
}

/** The order settings every versioned definition has: place in the list (default last) and on/off. */
export interface Placement {
  position?: number | undefined;
  enabled: boolean;
}

/** Inserts version 1 and its copy in one transaction; returns the live row. */
export function createVersioned(
  knex: Knex,
  kind: Versioned,
  definition: Record<string, unknown>,
  placement: Placement,
  extra: Record<string, unknown>,
  createdBy: number,
) {
  return knex.transaction(async (trx) => {
    const last = await trx(kind.table).whereNull('deletedAt').max('position as position').first();
    const position = placement.position ?? (last?.position ?? -1) + 1;
    const [row] = await trx(kind.table)
      .insert({ ...definition, ...extra, position, enabled: placement.enabled })
      .returning('*');
    await trx(kind.versions).insert({ [kind.key]: row.id, version: 1, createdBy, ...definition });
    return row;
  });
}

/** Writes the next version and its copy in one transaction; returns the live row, or null when it is gone. */
export function updateVersioned(
  knex: Knex,
  kind: Versioned,
  id: number,
  definition: Record<string, unknown>,
  placement: Placement,
  createdBy: number,
) {
  return knex.transaction(async (trx) => {
    const current = await trx(kind.table).whereNull('deletedAt').where({ id }).forUpdate().first();
    if (!current) return null;
    const version = current.version + 1;
    const [row] = await trx(kind.table)
      .where({ id })
      .update({
        ...definition,
        position: placement.position ?? current.position,
        enabled: placement.enabled,
        version,
        updatedAt: trx.fn.now(),
      })
      .returning('*');
    await trx(kind.versions).insert({ [kind.key]: id, version, createdBy, ...definition });
    return row;
  });
}
