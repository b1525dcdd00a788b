import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { PostgresLaunchError, startEmbeddedPostgres } from '../../db/embedded-postgres';
import { freePort } from '../../temporal/free-port';

// As `mktemp -d` makes it: no other user may enter.
const home = mkdtempSync(path.join(os.tmpdir(), 'duradesk-pg-'));
after(() => rmSync(home, { recursive: true, force: true }));
const asRoot = process.getuid?.() === 0;

/** Whether other users may enter `dir` and every folder above it. */
function enterableByOthers(dir: string): boolean {
  for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (folder === path.dirname(folder)) return true;
  }
}
/**
 * Whether the postgres user could run this checkout's PostgreSQL binaries at all: not from a clone in a
 * private folder (root's home, a mktemp -d), where only the user namespace runs them.
 */
const binariesReachable = enterableByOthers(import.meta.dirname);

/** The one line that says what to do with a cluster its owner cannot reach. */
function unreachableCluster(error: Error): true {
  assert.ok(error instanceof PostgresLaunchError);
  assert.match(
    error.message,
    /belongs to uid \d+, which cannot reach it .* closed to others\): run `chown -R root:root/,
  );
  assert.doesNotMatch(error.message, /\n/, 'one line');
  return true;
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

test('embedded PostgreSQL runs in a private folder, keeps its data through kill -9 and starts again', async () => {
  assert.equal(statSync(home).mode & 0o077, 0);
  const dir = path.join(home, 'private', 'postgres');
  const port = await freePort();
  const first = await startEmbeddedPostgres(dir, port, 'duradesk');
  await query(first.url, "create table kept (note text); insert into kept values ('still here')");
  process.kill(first.pid, 'SIGKILL');
  assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });

  const second = await startEmbeddedPostgres(dir, port, 'duradesk');
  assert.equal(second.url, first.url, 'same password, port and database');
  assert.deepEqual(await query(second.url, 'select note from kept'), [{ note: 'still here' }]);
  assert.deepEqual(await query(second.url, 'show server_encoding'), [{ server_encoding: 'UTF8' }]);
  await second.stop();
  assert.deepEqual(await second.exited, { code: 0, signal: null });
});

test('a cluster made by earlier versions (owned by the postgres user) still starts, or one line says what to do', async () => {
  const shared = mkdtempSync(path.join(os.tmpdir(), 'duradesk-pg-shared-'));
  after(() => rmSync(shared, { recursive: true, force: true }));
  chmodSync(shared, 0o755); // earlier versions needed folders the postgres user could enter
  const dir = path.join(shared, 'postgres');
  const port = await freePort();
  const made = await startEmbeddedPostgres(dir, port, 'duradesk');
  await made.stop();
  if (!asRoot) return; // only root's clusters were handed to the postgres user
  // The postgres user, as embedded-postgres created it (or `nobody` where none exists).
  const owner = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find(([name]) => name === 'postgres' || name === 'nobody');
  assert.ok(owner, 'an account to own the old cluster');
  execFileSync('chown', ['-R', `${owner[2]}:${owner[3]}`, dir]);

  if (binariesReachable) {
    const legacy = await startEmbeddedPostgres(dir, port, 'duradesk');
    assert.deepEqual(await query(legacy.url, 'select 1 as up'), [{ up: 1 }]);
    await legacy.stop();
    chmodSync(shared, 0o700);
  }
  // In a private clone its owner cannot even run the binaries: the same one line says what to do.
  await assert.rejects(startEmbeddedPostgres(dir, port, 'duradesk'), unreachableCluster);
});

test('without user namespaces, root runs it as the postgres user where that user may enter, else says what to do', async () => {
  if (!asRoot) return; // the fallback is root's
  const postgresUser = /^postgres:/m.test(readFileSync('/etc/passwd', 'utf8'));
  const run = async (dir: string) =>
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'embedded-postgres-child.ts'),
        dir,
        String(await freePort()),
      ],
      { env: { ...process.env, PATH: '/nonexistent' }, encoding: 'utf8' },
    ).trim();

  const closed = await run(path.join(home, 'no-userns', 'postgres'));
  assert.match(
    closed,
    /^PostgresLaunchError: PostgreSQL does not run as root, and this system allows no user namespaces/,
  );
  assert.match(closed, postgresUser ? /cannot enter \/tmp/ : /nor has a "postgres" user/);
  assert.match(closed, /set DATABASE_URL/);

  const open = mkdtempSync(path.join(os.tmpdir(), 'duradesk-pg-open-'));
  after(() => rmSync(open, { recursive: true, force: true }));
  chmodSync(open, 0o755);
  if (!postgresUser) return;
  const inOpenFolder = await run(path.join(open, 'postgres'));
  // From a private clone the postgres user cannot run the binaries either: one line says what to do.
  if (binariesReachable) assert.equal(inOpenFolder, 'started');
  else assert.match(inOpenFolder, /^PostgresLaunchError: .*cannot enter .*set DATABASE_URL/);
});
