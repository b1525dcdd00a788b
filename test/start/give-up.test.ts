import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitForPort } from '../../temporal/dev-server';
import { freePorts, npmStart } from './npm-start-process';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duradesk-give-up-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('npm start stops everything with one message when a part keeps dying (the app port is taken)', async () => {
  const ports = await freePorts();
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(ports.app, '127.0.0.1', resolve));
  after(() => squatter.close());

  const app = npmStart({ cwd: root, dataDir, ports });
  await app.waitFor(/the API died \(exit code 1\); restarting it in 1 s/, 180_000);
  const code = await app.exitCode(120_000);
  assert.equal(code, 1);
  assert.match(app.output(), /EADDRINUSE/, 'the API says why it died');
  const stops = app.output().match(/Duradesk stopped: .*/g) ?? [];
  assert.deepEqual(stops, [
    'Duradesk stopped: the API died (exit code 1), its 5th failure within 60 s: giving up. Its log lines above say why.',
  ]);
  assert.doesNotMatch(app.output(), /Press Ctrl-C to stop/);
  for (const port of [ports.temporal, ports.ui, ports.postgres]) {
    const open = await waitForPort(port, 0).then(
      () => true,
      () => false,
    );
    assert.equal(open, false, `port ${port} was let go`);
  }
});
