import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { createTicket, freePorts, login, type NpmStart, npmStart, waitUntil } from './npm-start-process';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Like root's home or `mktemp -d`: a folder no other user may enter, holding the code and the data.
const home = mkdtempSync(path.join(os.tmpdir(), 'duradesk-home-'));
const clone = path.join(home, 'duradesk');
after(() => rmSync(home, { recursive: true, force: true }));

/**
 * The repository as a clone holds it (the files git knows, committed or not, so the test runs the
 * code under test), with node_modules hard-linked in: no path into the original checkout is used.
 */
function cloneInto(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    // Regular files only: a deleted file is still in the index; a node_modules symlink is not ignored.
    .filter((file) => file && existsSync(path.join(root, file)) && lstatSync(path.join(root, file)).isFile());
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(target, file));
  }
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(target, 'node_modules')]);
}

async function ticketExists(app: NpmStart, token: string, number: number): Promise<boolean> {
  const response = await fetch(`${app.url}/api/tickets/${number}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status === 200;
}

/** kill -9 of a part: a log line says it died and is restarting, and the system turns ready again. */
async function killAndRecover(app: NpmStart, what: 'Temporal dev server' | 'embedded PostgreSQL') {
  const pid = app.serverPid(what);
  const from = app.output().length;
  process.kill(pid, 'SIGKILL');
  await app.waitFor(new RegExp(`the ${what} died \\(signal SIGKILL\\); restarting it`), 30_000, from);
  await app.waitFor(new RegExp(`the ${what} restarted`), 90_000, from);
  assert.notEqual(app.serverPid(what), pid);
  await waitUntil(
    async () => (await fetch(`${app.url}/api/health/ready`)).status === 200,
    90_000,
    () => `not ready again after the ${what} restarted:\n${app.output().slice(-3000)}`,
  );
}

test('as root, npm start runs from a clone in a private folder, and survives kill -9 of the Temporal dev server and of PostgreSQL', async () => {
  assert.equal(statSync(home).mode & 0o077, 0, 'the home folder is closed to others');
  cloneInto(clone);
  // Users reach it through a TLS proxy that is not up yet: start-up must not wait on the public URL.
  const app = npmStart({
    cwd: clone,
    dataDir: path.join(clone, '.data'),
    ports: await freePorts(),
    env: { PUBLIC_URL: 'https://desk.example.test' },
  });
  await app.waitFor(/Press Ctrl-C to stop/, 180_000);
  assert.doesNotMatch(app.output(), /EACCES|could not start/);
  assert.match(app.output(), /App: +https:\/\/desk\.example\.test/);
  // The cluster lives in the clone, owned by whoever runs npm start: no chown, no postgres user needed.
  const cluster = path.join(clone, '.data', 'postgres', 'data');
  assert.equal(statSync(cluster).uid, process.getuid?.());
  assert.match(readFileSync(path.join(cluster, 'PG_VERSION'), 'utf8'), /^\d+/);

  const token = await login(app.url);
  const before = await createTicket(app.url, token, 'Before the crashes');

  await killAndRecover(app, 'Temporal dev server');
  assert.ok(await ticketExists(app, token, before), 'the ticket made before is still there');
  // Its workflow too: the dev server came back on the same SQLite file.
  const connection = await Connection.connect({ address: `127.0.0.1:${app.ports.temporal}` });
  const workflow = new Client({ connection, namespace: 'duradesk' }).workflow.getHandle(`ticket-${before}`);
  assert.equal((await workflow.describe()).status.name, 'RUNNING');
  await connection.close();
  const afterTemporal = await createTicket(app.url, token, 'After the Temporal dev server crashed');

  await killAndRecover(app, 'embedded PostgreSQL');
  for (const number of [before, afterTemporal]) assert.ok(await ticketExists(app, token, number));
  const afterPostgres = await createTicket(app.url, await login(app.url), 'After PostgreSQL crashed');
  assert.ok(await ticketExists(app, token, afterPostgres));

  await app.ctrlC();
});
