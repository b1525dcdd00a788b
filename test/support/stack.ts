import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { Model } from 'objection';
import pg from 'pg';
import { createApp } from '../../api/app';
import { createProtection } from '../../api/protection/protection';
import type { ProtectionSettings } from '../../api/protection/settings';
import { attachRealtime, type RealtimeServer } from '../../api/realtime/io';
import { createSessions } from '../../api/sessions';
import { parseEnv } from '../../config/env';
import { logger } from '../../config/logger';
import { createKnex } from '../../db/knex';
import { createActivityDeps } from '../../temporal/activity-deps';
import { createTicketCommands } from '../../temporal/commands/tickets';
import { connectClient, connectWorker } from '../../temporal/connection';
import { createWorker, workflowsPath } from '../../temporal/worker';
import { testProtection } from './protection';

export const testEnv = {
  databaseUrl: required('TEST_DATABASE_URL'),
  temporalAddress: required('TEMPORAL_ADDRESS'),
  namespace: required('TEMPORAL_NAMESPACE'),
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests with \`npm test\` (test/run.ts sets it)`);
  return value;
}

// Before any connection: the SDK's own logs only from WARN up, so test output stays readable.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: ReturnType<typeof bundleWorkflowCode> | undefined;

/** The workflows bundled once per test file, as the worker would bundle them. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return bundle;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiNode {
  url: string;
  io: RealtimeServer;
  stop(): Promise<void>;
}

/**
 * The real stack for one test file: the shared dev server and database, a worker on a task queue of
 * its own, and API nodes on ephemeral ports.
 */
export interface Stack {
  knex: Knex;
  client: Client;
  taskQueue: string;
  api: ApiNode;
  /** Starts another API node over the same database and Temporal (for cross-node realtime tests). */
  startApiNode(): Promise<ApiNode>;
  /** Starts the in-process worker; `startStack` does unless told not to. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; node?: ApiNode },
  ): Promise<Answer<T>>;
  login(email: string, password?: string): Promise<string>;
  groupId(department: string, group: string): Promise<number>;
  departmentId(name: string): Promise<number>;
  stop(): Promise<void>;
}

export const demoPasswords: Record<string, string> = {
  'admin@duradesk.test': 'demo-admin',
  'manager@duradesk.test': 'demo-manager',
  'alice@duradesk.test': 'demo-agent',
  'bob@duradesk.test': 'demo-agent',
  'auditor@duradesk.test': 'demo-auditor',
};

/** Webhook receivers in tests listen on loopback, so the test stack allows it, as an administrator would. */
export const testWebhookAllowedNetworks = '127.0.0.0/8,::1';

/** `workerStaleSeconds`: readiness's poller window, short so a test sees a stopped worker soon. */
export { testProtection };

export async function startStack(
  options: {
    worker?: boolean;
    workerStaleSeconds?: number;
    /** Overrides of testProtection, shared by every API node of the stack. */
    protection?: Partial<ProtectionSettings>;
    /** WEBHOOK_ALLOWED_NETWORKS of the stack's API and worker; '' is the default: public addresses only. */
    webhookAllowedNetworks?: string;
    /** The API's request deadline (REQUEST_TIMEOUT_MS); default 30 s. */
    requestTimeoutMs?: number;
    /**
     * How long commands wait for a workflow's answer (COMMAND_ANSWER_TIMEOUT_MS). Default 20 s, not
     * production's 10 s: tests that start a worker process and act at once must not meet a 202 while it
     * bundles on a loaded machine. Tests of late answers set it low.
     */
    answerTimeoutMs?: number;
  } = {},
): Promise<Stack> {
  const protectionSettings = { ...testProtection, ...options.protection };
  const health = options.workerStaleSeconds ? { workerStaleSeconds: options.workerStaleSeconds } : {};
  const webhookPolicy = parseEnv({
    WEBHOOK_ALLOWED_NETWORKS: options.webhookAllowedNetworks ?? testWebhookAllowedNetworks,
  }).WEBHOOK_ALLOWED_NETWORKS;
  const knex = createKnex(testEnv.databaseUrl);
  const settings = {
    address: testEnv.temporalAddress,
    namespace: testEnv.namespace,
    taskQueue: `test-${randomUUID()}`,
  };
  const client = await connectClient(settings);
  const sessions = createSessions(knex, 1);
  const tickets = createTicketCommands(client, settings.taskQueue, {
    answerTimeoutMs: options.answerTimeoutMs ?? 20_000,
  });
  const log = logger('http');
  const pools: pg.Pool[] = [];
  const nodes: ApiNode[] = [];

  async function startApiNode(): Promise<ApiNode> {
    const pool = new pg.Pool({ connectionString: testEnv.databaseUrl, max: 2 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const http: Server = createServer(
      createApp({
        knex,
        temporal: client,
        tickets,
        sessions,
        log,
        webhookPolicy,
        protection: createProtection(knex, protectionSettings),
        taskQueue: settings.taskQueue,
        ...health,
        ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      }).callback(),
    );
    const io = attachRealtime(http, pool, sessions, logger('realtime'), protectionSettings.publicUrl);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const node: ApiNode = {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      io,
      stop: async () => {
        io.disconnectSockets(true);
        await new Promise((resolve) => io.close(resolve));
      },
    };
    nodes.push(node);
    return node;
  }

  let worker: { worker: Worker; running: Promise<void>; close: () => Promise<void> } | null = null;
  async function startWorker() {
    const deps = createActivityDeps(testEnv.databaseUrl, { webhookPolicy });
    // Its pool binds Objection's models too; they stay on the stack's, which outlives a stopped worker.
    Model.knex(knex);
    const connection = await connectWorker(settings);
    const created = await createWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      activities: deps.activities,
      workflowBundle: await workflowBundle(),
    });
    worker = {
      worker: created,
      running: created.run(),
      close: async () => {
        await connection.close();
        await deps.close();
      },
    };
  }
  async function stopWorker() {
    if (!worker) return;
    const current = worker;
    worker = null;
    current.worker.shutdown();
    await current.running;
    await current.close();
  }

  const api = await startApiNode();
  if (options.worker !== false) await startWorker();

  const stack: Stack = {
    knex,
    client,
    taskQueue: settings.taskQueue,
    api,
    startApiNode,
    startWorker,
    stopWorker,
    async request(method, path, { token, body, headers, node } = {}) {
      const response = await fetch(`${(node ?? api).url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        body: type.includes('json') ? JSON.parse(text) : text,
        headers: response.headers,
      };
    },
    async login(email, password = demoPasswords[email]) {
      const answer = await stack.request('POST', '/api/auth/login', { body: { email, password } });
      if (answer.status !== 200)
        throw new Error(`login of ${email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.token;
    },
    async departmentId(name) {
      return (await knex('departments').where({ name }).first('id')).id;
    },
    async groupId(department, group) {
      const row = await knex('groups')
        .join('departments', 'departments.id', 'groups.departmentId')
        .where({ 'departments.name': department, 'groups.name': group })
        .first('groups.id');
      return row.id;
    },
    async stop() {
      await stopWorker();
      for (const node of nodes) await node.stop();
      await client.connection.close();
      await Promise.all(pools.map((pool) => pool.end()));
      await knex.destroy();
    },
  };
  return stack;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
