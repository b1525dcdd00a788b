import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createKnex, migrate } from '../../db/knex';
import { seedDemoData } from '../../db/seed';
import { connectTemporal } from '../../temporal/connection';
import { ensureNamespace } from '../../temporal/namespace';

/**
 * A database and a Temporal namespace of their own, migrated and seeded like the run's shared ones, for a
 * test file whose requests may change anything (the fuzz test edits demo departments, policies and rules
 * at random): other files running at the same time never see its changes.
 * Call before importing test/support/stack.ts, which reads TEST_DATABASE_URL and TEMPORAL_NAMESPACE.
 */
export async function isolateTestEnvironment(label: string): Promise<{ drop: () => Promise<void> }> {
  const shared = process.env.TEST_DATABASE_URL;
  const address = process.env.TEMPORAL_ADDRESS;
  if (!shared || !address)
    throw new Error('run tests with `npm test` or test/run.ts (it sets TEST_DATABASE_URL)');
  const suffix = randomUUID().slice(0, 8);
  const name = `${new URL(shared).pathname.slice(1)}_${label}_${suffix}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(shared);
  url.pathname = `/${name}`;
  const knex = createKnex(url.toString());
  await migrate(knex);
  await seedDemoData(knex);
  await knex.destroy();

  const namespace = `duradesk-${label}-${suffix}`;
  const connection = await connectTemporal({ address, namespace, taskQueue: 'unused' });
  await ensureNamespace(connection, namespace, 30);
  await connection.close();

  process.env.TEST_DATABASE_URL = url.toString();
  process.env.TEMPORAL_NAMESPACE = namespace;
  return {
    async drop() {
      const client = new pg.Client({ connectionString: shared });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}
