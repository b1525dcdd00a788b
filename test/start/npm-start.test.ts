import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { waitForPort } from '../../temporal/dev-server';
import { freePort } from '../../temporal/free-port';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duradesk-start-'));
// Embedded PostgreSQL runs as `postgres` when we are root; it must be able to enter the folder.
chmodSync(dataDir, 0o755);
const ports = {
  app: await freePort(),
  temporal: await freePort(),
  ui: await freePort(),
  postgres: await freePort(),
};
const url = `http://127.0.0.1:${ports.app}`;

after(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` as a new user runs it: embedded PostgreSQL and Temporal, nothing pointed elsewhere. */
function npmStart(): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(ports.app),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEST_DATABASE_URL'])
    delete env[name];
  const child = spawn('npm', ['start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, failure: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const listening = (port: number) =>
  waitForPort(port, 0).then(
    () => true,
    () => false,
  );

/**
 * Ctrl-C reaches the whole foreground process group, as in a terminal. npm re-raises the signal
 * after its child exits, so the proof of a clean stop is that every server let go of its port.
 */
async function ctrlC(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  for (const port of Object.values(ports))
    assert.equal(await listening(port), false, `port ${port} still open`);
}

async function login(): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@duradesk.test', password: 'demo-admin' }),
  });
  return (await response.json()).token;
}

test('npm start serves a healthy system with demo data, keeps it across restarts and stops on Ctrl-C', async () => {
  const first = npmStart();
  await waitUntil(
    async () => first.output().includes('Press Ctrl-C to stop'),
    120_000,
    () => `npm start did not finish:\n${first.output().slice(-3000)}`,
  );
  const banner = first.output();
  assert.match(banner, new RegExp(`App: +${url}`));
  assert.match(banner, new RegExp(`Temporal UI: +http://127.0.0.1:${ports.ui}`));
  assert.match(banner, /admin +admin@duradesk\.test +demo-admin/);
  assert.equal((await fetch(`${url}/api/health`)).status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${ports.ui}/`)).status, 200);

  const token = await login();
  const created = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      subject: 'Quick start',
      body: 'Hello',
      customer: { email: 'new@example.com' },
      departmentId: 1,
    }),
  });
  assert.equal(created.status, 201);
  const { number } = await created.json();

  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  const described = await new Client({ connection, namespace: 'duradesk' }).workflow
    .getHandle(`ticket-${number}`)
    .describe();
  assert.equal(described.status.name, 'RUNNING');
  const namespace = await connection.workflowService.describeNamespace({ namespace: 'duradesk' });
  assert.ok(Number(namespace.config?.workflowExecutionRetentionTtl?.seconds) >= 30 * 86_400);
  await connection.close();

  await ctrlC(first.child);

  const second = npmStart();
  await waitUntil(
    async () => second.output().includes('Press Ctrl-C to stop'),
    120_000,
    () => `the second start did not finish:\n${second.output().slice(-3000)}`,
  );
  assert.doesNotMatch(second.output(), /demo data seeded/);
  const list = await fetch(`${url}/api/tickets`, { headers: { authorization: `Bearer ${await login()}` } });
  assert.ok((await list.json()).items.some((ticket: { number: number }) => ticket.number === number));
  await ctrlC(second.child);
});
