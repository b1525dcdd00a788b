/**
 * `npm start`: the whole system in one supervised process tree. PostgreSQL and the Temporal dev
 * server run embedded unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; the worker and the API
 * run as child processes. Each part is restarted when it dies (scripts/supervisor.ts), and everything
 * stops when one keeps dying; the banner appears once the API is ready (a worker polls); Ctrl-C stops
 * everything in order.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { PostgresLaunchError, startEmbeddedPostgres } from '../db/embedded-postgres';
import { createKnex, migrate } from '../db/knex';
import { demoLogins, seedDemoData } from '../db/seed';
import { findTemporalCli, installTemporalCli, missingCliHelp } from '../temporal/cli';
import { connectTemporal, temporalSettings } from '../temporal/connection';
import { type DevServer, startDevServer } from '../temporal/dev-server';
import { ensureNamespace } from '../temporal/namespace';
import { onStopSignal } from './stop-signals';
import { createSupervisor } from './supervisor';

const env = loadEnv();
const log = logger('start');
const root = fileURLToPath(new URL('..', import.meta.url));
let stopping = false;
const supervisor = createSupervisor({
  log,
  giveUp: (message) => {
    console.error(`Duradesk stopped: ${message}. Its log lines above say why.`);
    void stop('a part kept dying', 1);
  },
});

mkdirSync(env.dataDir, { recursive: true });

/** Keeps a server's last lines (logged when it dies) and passes each to the debug log. */
function recentOutput(field: string) {
  const lines: string[] = [];
  return {
    onOutput: (line: string) => {
      log.debug({ [field]: line }, field);
      lines.push(line);
      if (lines.length > 10) lines.shift();
    },
    lastOutput: () => [...lines],
  };
}

async function database(): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  log.info('starting embedded PostgreSQL');
  let url = '';
  await supervisor.run({
    name: 'the embedded PostgreSQL',
    start: async () => {
      const output = recentOutput('postgres');
      const embedded = await startEmbeddedPostgres(
        path.join(env.dataDir, 'postgres'),
        env.EMBEDDED_POSTGRES_PORT,
        'duradesk',
        { onOutput: output.onOutput },
      );
      log.info({ serverPid: embedded.pid, runsAs: embedded.runsAs }, 'embedded PostgreSQL running');
      url = embedded.url;
      return { ...embedded, lastOutput: output.lastOutput };
    },
  });
  return url;
}

async function temporalServer(): Promise<{ address: string; uiUrl: string | null }> {
  if (env.TEMPORAL_ADDRESS) return { address: env.TEMPORAL_ADDRESS, uiUrl: null };
  const cliPath = findTemporalCli() ?? installTemporalCli();
  if (!cliPath) {
    console.error(missingCliHelp);
    process.exit(1);
  }
  log.info('starting the Temporal dev server');
  let server: DevServer | undefined;
  // Restarted on the same SQLite file and ports, so workflows, clients and the worker carry on.
  await supervisor.run({
    name: 'the Temporal dev server',
    start: async () => {
      const output = recentOutput('temporal');
      server = await startDevServer({
        cliPath,
        port: env.TEMPORAL_DEV_PORT,
        namespace: env.TEMPORAL_NAMESPACE,
        uiPort: env.TEMPORAL_UI_PORT,
        dbFile: path.join(env.dataDir, 'temporal', 'duradesk.sqlite'),
        onOutput: output.onOutput,
      });
      log.info({ serverPid: server.process.pid }, 'Temporal dev server running');
      return { ...server, lastOutput: output.lastOutput };
    },
  });
  return server as DevServer;
}

/** Runs a TypeScript entry point as a supervised child (restarted after a crash). */
function supervise(name: string, entry: string, childEnv: NodeJS.ProcessEnv): Promise<void> {
  return supervisor.run({
    name: `the ${name}`,
    start: async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
        env: childEnv,
        stdio: 'inherit',
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      return {
        exited,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await exited;
        },
      };
    },
  });
}

/** Waits until the API reports ready: PostgreSQL and Temporal answer and a worker polls. */
/** The API's own address: an address bound to every interface is reached on loopback. */
function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'the API does not answer';
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/health/ready`).catch(() => null);
    if (response?.ok) return;
    if (response) {
      const body = (await response.json().catch(() => ({}))) as Record<string, { error?: string }>;
      const failing = (body.failing ?? []) as unknown as string[];
      last = failing.map((part) => `${part}: ${body[part]?.error}`).join('; ') || `HTTP ${response.status}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Duradesk was not ready within ${timeoutMs / 1000} s (${last})`);
}

async function stop(reason: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'stopping');
  await supervisor.stopAll((part, error) => log.error({ err: error, part: part.name }, 'stop step failed'));
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
  await supervise('worker', 'temporal/worker-main.ts', childEnv);
  await supervise('API', 'api/main.ts', childEnv);
  // The worker bundles the workflows first, which takes a while on a busy machine.
  // Asked where the API listens, not at PUBLIC_URL: a TLS proxy in front of it may not be up yet.
  await waitUntilReady(localUrl(env.HOST, env.PORT), 180_000);

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
  // A problem with a known fix is one line; anything else keeps its stack for a bug report.
  console.error('Duradesk could not start:', error instanceof PostgresLaunchError ? error.message : error);
  await stop('start-up failure', 1);
}
