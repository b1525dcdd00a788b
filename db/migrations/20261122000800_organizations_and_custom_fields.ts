import type { Knex } from 'knex';

/**
 * Organizations (customers belong to one by their email domain) and tickets' custom field values:
 * both are conditions of SLA policies and automation rules.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    // Lower-case email domains whose customers belong to the organization.
    t.jsonb('domains').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('customers', (t) => {
    t.integer('organization_id').references('organizations.id');
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('organization_id');
    t.jsonb('custom_fields').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumns('organization_id', 'custom_fields');
  });
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumn('organization_id');
  });
  await knex.schema.dropTable('organizations');
}
