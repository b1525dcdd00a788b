import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { createTicket, freePorts, login, npmStart } from './npm-start-process';

const root = fileURLToPath(new URL('../..', import.meta.url));
// As `mktemp -d` makes it: closed to other users (embedded PostgreSQL must run there even as root).
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duradesk-start-'));
const ports = await freePorts();

after(() => rmSync(dataDir, { recursive: true, force: true }));

test('npm start serves a healthy system with demo data, keeps it across restarts and stops on Ctrl-C', async () => {
  assert.equal(statSync(dataDir).mode & 0o077, 0, 'the data folder is private');
  const first = npmStart({ cwd: root, dataDir, ports });
  await first.waitFor(/Press Ctrl-C to stop/, 180_000);
  const banner = first.output();
  assert.match(banner, new RegExp(`App: +${first.url}`));
  assert.match(banner, new RegExp(`Temporal UI: +http://127.0.0.1:${ports.ui}`));
  assert.match(banner, /admin +admin@duradesk\.test +demo-admin/);
  // The banner waits for readiness: the worker polls by then.
  const polling = banner.indexOf('"msg":"worker polling"');
  assert.ok(
    polling >= 0 && polling < banner.indexOf('Duradesk is running'),
    'the worker polls before the banner',
  );
  const health = await fetch(`${first.url}/api/health`);
  assert.equal(health.status, 200);
  assert.deepEqual((await health.json()).failing, []);
  assert.equal((await fetch(`http://127.0.0.1:${ports.ui}/`)).status, 200);

  const number = await createTicket(first.url, await login(first.url), 'Quick start');
  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  const described = await new Client({ connection, namespace: 'duradesk' }).workflow
    .getHandle(`ticket-${number}`)
    .describe();
  assert.equal(described.status.name, 'RUNNING');
  const namespace = await connection.workflowService.describeNamespace({ namespace: 'duradesk' });
  assert.ok(Number(namespace.config?.workflowExecutionRetentionTtl?.seconds) >= 30 * 86_400);
  await connection.close();

  await first.ctrlC();

  const second = npmStart({ cwd: root, dataDir, ports });
  await second.waitFor(/Press Ctrl-C to stop/, 180_000);
  assert.doesNotMatch(second.output(), /demo data seeded/);
  const list = await fetch(`${second.url}/api/tickets`, {
    headers: { authorization: `Bearer ${await login(second.url)}` },
  });
  assert.ok((await list.json()).items.some((ticket: { number: number }) => ticket.number === number));
  await second.ctrlC();
});
