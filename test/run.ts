/**
 * The test run: one Temporal dev server and one fresh database for all test files, then node's test
 * runner over every `*.test.ts` (or the files given as arguments).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createKnex, migrate } from '../db/knex';
import { seedDemoData } from '../db/seed';
import { onStopSignal } from '../scripts/stop-signals';
import { freePort } from '../temporal/free-port';
import {
  adminDatabaseUrl,
  createDatabase,
  dropDatabase,
  TEST_NAMESPACE,
  testTemporal,
} from './support/services';

const root = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2) : testFiles(path.join(root, 'test')).sort();
const admin = await adminDatabaseUrl(path.join(root, '.data'));
const databaseName = `duradesk_test_${Date.now()}`;
const databaseUrl = await createDatabase(admin.url, databaseName);
const temporal = await testTemporal(await freePort());

let code = 1;
try {
  const knex = createKnex(databaseUrl);
  await migrate(knex);
  await seedDemoData(knex);
  await knex.destroy();

  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        TEST_DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: TEST_NAMESPACE,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    // On Ctrl-C the runner stops first; the clean-up below then drops the database and the server.
    onStopSignal(() => child.kill('SIGTERM'));
  });
} finally {
  await dropDatabase(admin.url, databaseName).catch((error) =>
    console.error('could not drop test database', error),
  );
  await temporal.stop();
  await admin.stop();
}
process.exit(code);
