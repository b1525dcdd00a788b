import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { waitForPort } from '../../temporal/dev-server';
import { freePort } from '../../temporal/free-port';

/** `npm start` as a new user runs it, in `cwd`: embedded PostgreSQL and Temporal, on free ports. */
export interface NpmStart {
  url: string;
  ports: { app: number; temporal: number; ui: number; postgres: number };
  output(): string;
  /** Waits until the output matches `pattern` (counting from `from`, an earlier output().length). */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<void>;
  /** The process id that the last "<what> running" log line names. */
  serverPid(what: 'Temporal dev server' | 'embedded PostgreSQL'): number;
  /** Ctrl-C to the whole process group, as in a terminal; resolves once every port is free. */
  ctrlC(): Promise<void>;
  /** Waits for npm start to end by itself; its exit code. */
  exitCode(timeoutMs: number): Promise<number | null>;
}

export async function freePorts(): Promise<NpmStart['ports']> {
  return {
    app: await freePort(),
    temporal: await freePort(),
    ui: await freePort(),
    postgres: await freePort(),
  };
}

const listening = (port: number) =>
  waitForPort(port, 0).then(
    () => true,
    () => false,
  );

export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, failure: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function npmStart(options: {
  cwd: string;
  dataDir: string;
  ports: NpmStart['ports'];
  env?: NodeJS.ProcessEnv;
}): NpmStart {
  const { ports } = options;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: options.dataDir,
    PORT: String(ports.app),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEST_DATABASE_URL'])
    delete env[name];
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    url: `http://127.0.0.1:${ports.app}`,
    ports,
    output: () => output,
    async waitFor(pattern, timeoutMs, from = 0) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output.slice(from))) {
        const gone = child.exitCode !== null || child.signalCode !== null;
        if (gone || Date.now() > deadline)
          throw new Error(
            `npm start ${gone ? 'exited without writing' : 'never wrote'} ${pattern}:\n${output.slice(-4000)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    serverPid(what) {
      const lines = output.split('\n').filter((line) => line.includes(`"msg":"${what} running"`));
      const last = lines.at(-1);
      assert.ok(last, `no "${what} running" line in:\n${output.slice(-3000)}`);
      return JSON.parse(last).serverPid;
    },
    async exitCode(timeoutMs) {
      const timer = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`npm start still runs:\n${output.slice(-3000)}`)),
          timeoutMs,
        ).unref(),
      );
      return Promise.race([exited, timer]);
    },
    async ctrlC() {
      if (child.pid) process.kill(-child.pid, 'SIGINT');
      await exited;
      for (const port of Object.values(ports))
        assert.equal(await listening(port), false, `port ${port} still open`);
    },
  };
}

export async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@duradesk.test', password: 'demo-admin' }),
  });
  assert.equal(response.status, 200, `login: ${response.status} ${await response.clone().text()}`);
  return (await response.json()).token;
}

/** Opens a ticket through the API, as the quick start would; returns its number. */
export async function createTicket(url: string, token: string, subject: string): Promise<number> {
  const response = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ subject, body: 'Hello', customer: { email: 'new@example.com' }, departmentId: 1 }),
  });
  assert.equal(response.status, 201, `create: ${response.status} ${await response.clone().text()}`);
  return (await response.json()).number;
}
