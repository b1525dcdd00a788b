import type { Knex } from 'knex';

/**
 * Each staff member's notification profile: whether notices may reach them by email, and which kinds
 * always do (rules can ask for email on any notice they send).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    t.jsonb('notification_profile')
      .notNullable()
      .defaultTo(JSON.stringify({ email: true, kinds: [] }));
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    t.dropColumn('notification_profile');
  });
}
