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

/** node's test runner over `batch`, its output passed through; adds its pass and fail counts to `totals`. */
function runTests(batch: string[], totals: { pass: number; fail: number }): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...batch], {
      cwd: root,
      stdio: ['inherit', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TEST_DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: TEST_NAMESPACE,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const counted = /^# (pass|fail) (\d+)$/.exec(line);
        if (counted) totals[counted[1] as 'pass' | 'fail'] += Number(counted[2]);
      }
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    // On Ctrl-C the runner stops first; the clean-up below then drops the database and the server.
    onStopSignal(() => child.kill('SIGTERM'));
  });
}

let code = 1;
try {
  const knex = createKnex(databaseUrl);
  await migrate(knex);
  await seedDemoData(knex);
  await knex.destroy();

  // The fault suite kills and restarts its own stack and measures how late timers fire: it runs after
  // the others, alone, so their load does not decide its figures and its load does not slow theirs.
  const alone = files.filter((file) => file.startsWith(`test${path.sep}fault${path.sep}`));
  const together = files.filter((file) => !alone.includes(file));
  const totals = { pass: 0, fail: 0 };
  code = 0;
  for (const batch of [together, alone]) {
    if (batch.length === 0) continue;
    const exitCode = await runTests(batch, totals);
    if (exitCode !== 0) code = exitCode;
  }
  // One closing line for both runs, each of which printed its own summary.
  console.log(`${totals.pass} passed, ${totals.fail} failed`);
} finally {
  await dropDatabase(admin.url, databaseName).catch((error) =>
    console.error('could not drop test database', error),
  );
  await temporal.stop();
  await admin.stop();
}
process.exit(code);
