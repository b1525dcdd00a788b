/**
 * `npm start`: the whole system in one supervised process tree. PostgreSQL and the Temporal dev
 * server run embedded unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; the worker and the API
 * run as child processes, restarted if they crash; Ctrl-C stops everything in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded-postgres';
import { createKnex, migrate } from '../db/knex';
import { demoLogins, seedDemoData } from '../db/seed';
import { findTemporalCli, installTemporalCli, missingCliHelp } from '../temporal/cli';
import { connectTemporal, temporalSettings } from '../temporal/connection';
import { type DevServer, startDevServer } from '../temporal/dev-server';
import { ensureNamespace } from '../temporal/namespace';
import { onStopSignal } from './stop-signals';

const env = loadEnv();
const log = logger('start');
const root = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

mkdirSync(env.dataDir, { recursive: true });

async function database(): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  log.info('starting embedded PostgreSQL');
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(
    path.join(env.dataDir, 'postgres'),
    env.EMBEDDED_POSTGRES_PORT,
    'duradesk',
  );
  cleanups.unshift(embedded.stop);
  return embedded.url;
}

async function temporalServer(): Promise<{ address: string; uiUrl: string | null }> {
  if (env.TEMPORAL_ADDRESS) return { address: env.TEMPORAL_ADDRESS, uiUrl: null };
  const cliPath = findTemporalCli() ?? installTemporalCli();
  if (!cliPath) {
    console.error(missingCliHelp);
    process.exit(1);
  }
  log.info('starting the Temporal dev server');
  const server: DevServer = await startDevServer({
    cliPath,
    port: env.TEMPORAL_DEV_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: path.join(env.dataDir, 'temporal', 'duradesk.sqlite'),
    onOutput: (line) => log.debug({ temporal: line }, 'temporal dev server'),
  });
  cleanups.unshift(server.stop);
  return server;
}

/** Runs a TypeScript entry point as a child, restarting it after a crash until we stop. */
function supervise(name: string, entry: string, childEnv: NodeJS.ProcessEnv): void {
  let child: ChildProcess;
  const run = () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
      env: childEnv,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ child: name, code, signal }, `${name} exited; restarting in 1 s`);
      setTimeout(run, 1_000);
    });
  };
  run();
  cleanups.unshift(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url}/api/health did not report healthy within ${timeoutMs / 1000} s`);
}

async function stop(reason: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'stopping');
  for (const cleanup of cleanups) {
    await cleanup().catch((error) => log.error({ err: error }, 'stop step failed'));
  }
  process.exit(exitCode);
}
onStopSignal((signal) => void stop(signal));

try {
  const databaseUrl = await database();
  const temporal = await temporalServer();
  const connection = await connectTemporal(temporalSettings(env, temporal.address));
  await ensureNamespace(connection, env.TEMPORAL_NAMESPACE, env.TEMPORAL_RETENTION_DAYS);
  await connection.close();

  const knex = createKnex(databaseUrl);
  const applied = await migrate(knex);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  const seeded = env.SEED_DEMO_DATA && (await seedDemoData(knex));
  if (seeded) log.info('demo data seeded');
  await knex.destroy();

  const childEnv = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address };
  supervise('worker', 'temporal/worker-main.ts', childEnv);
  supervise('api', 'api/main.ts', childEnv);
  await waitForHealth(env.publicUrl, 60_000);

  const logins = env.SEED_DEMO_DATA
    ? demoLogins
        .map((login) => `    ${login.role.padEnd(8)} ${login.email.padEnd(24)} ${login.password}`)
        .join('\n')
    : '    (demo data disabled)';
  console.log(`
  Duradesk is running.
    App:         ${env.publicUrl}
    API docs:    ${env.publicUrl}/docs
    Temporal UI: ${temporal.uiUrl ?? '(external server: use its own UI)'}
  Demo logins (role, email, password):
${logins}
  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error('Duradesk could not start:', error);
  await stop('start-up failure', 1);
}
