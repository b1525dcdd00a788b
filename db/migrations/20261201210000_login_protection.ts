import type { Knex } from 'knex';

/**
 * The counters of rate-limiter-flexible's PostgreSQL store (its own schema: key, points, expire in epoch
 * milliseconds): login failures and locks, login and API request rates. Created here rather than by the
 * library at run time, so API nodes need no DDL rights and never race to create it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
    // The library deletes expired rows every few minutes.
    t.index('expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
