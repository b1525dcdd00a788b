import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { findTemporalCli, installTemporalCli, missingCliHelp } from '../../temporal/cli';
import { connectTemporal } from '../../temporal/connection';
import { type DevServer, startDevServer } from '../../temporal/dev-server';
import { freePort } from '../../temporal/free-port';
import { ensureNamespace } from '../../temporal/namespace';

export const TEST_NAMESPACE = 'duradesk-test';

/** A PostgreSQL that can create databases: TEST_DATABASE_ADMIN_URL, the machine's own, or an embedded one. */
export async function adminDatabaseUrl(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const candidates = [process.env.TEST_DATABASE_ADMIN_URL, 'postgres://postgres@127.0.0.1:5432/postgres'];
  for (const url of candidates) {
    if (!url) continue;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    const reachable = await client
      .connect()
      .then(() => true)
      .catch(() => false);
    await client.end().catch(() => undefined);
    if (reachable) return { url, stop: async () => undefined };
  }
  // Runs as root too, wherever the clone is (db/postgres-launch.ts), on a port nothing else holds.
  return startEmbeddedPostgres(path.join(dataDir, 'test-postgres'), await freePort(), 'postgres');
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

/** TEMPORAL_ADDRESS when given; otherwise one in-memory dev server for the whole run. */
export async function testTemporal(port: number): Promise<{ address: string; stop: () => Promise<void> }> {
  let server: DevServer | null = null;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    const cliPath = findTemporalCli() ?? installTemporalCli();
    if (!cliPath) throw new Error(missingCliHelp);
    server = await startDevServer({
      cliPath,
      port,
      namespace: TEST_NAMESPACE,
      uiPort: null,
      // Low enough that tests can drive a ticket into continue-as-new in seconds.
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 200 },
    });
    address = server.address;
  }
  const connection = await connectTemporal({ address, namespace: TEST_NAMESPACE, taskQueue: 'unused' });
  await ensureNamespace(connection, TEST_NAMESPACE, 30);
  await connection.close();
  return { address, stop: async () => server?.stop() };
}
