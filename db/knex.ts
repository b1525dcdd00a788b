import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers, Model } from 'objection';
import { migrationSource } from './migrations';

/**
 * One pool per process. Objection models see camelCase, the database snake_case. Objection is bound
 * to the pool here, so models work wherever a knex was created.
 */
export function createKnex(databaseUrl: string, pool: Knex.PoolConfig = { min: 0, max: 10 }): Knex {
  const knex = knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool,
    migrations: { migrationSource, tableName: 'knex_migrations' },
    ...knexSnakeCaseMappers(),
  });
  Model.knex(knex);
  return knex;
}

/** Applies every pending migration; safe to run at each start. */
export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest();
  return applied as string[];
}
