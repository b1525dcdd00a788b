import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { createProtection } from '../../api/protection/protection';
import { createSessions } from '../../api/sessions';
import { logger } from '../../config/logger';
import { createKnex, migrate } from '../../db/knex';
import { seedDemoData } from '../../db/seed';
import { createActivityDeps } from '../../temporal/activity-deps';
import { createTicketCommands } from '../../temporal/commands/tickets';
import { connectClient, connectWorker } from '../../temporal/connection';
import { freePort } from '../../temporal/free-port';
import { createWorker } from '../../temporal/worker';
import { testProtection } from '../support/protection';
import {
  adminDatabaseUrl,
  createDatabase,
  dropDatabase,
  TEST_NAMESPACE,
  testTemporal,
} from '../support/services';
import type { Teardown } from './teardown';

const root = fileURLToPath(new URL('../..', import.meta.url));
const benchWorkflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));

/**
 * One API node, one worker and one Temporal client over a fresh database, all in this process; each
 * part registers its own stop step in `teardown` as soon as it exists.
 */
export interface BenchStack {
  apiUrl: string;
  /** The API's database, for scenarios that configure policies and read the outcome. */
  knex: Knex;
  client: Client;
  taskQueue: string;
  /** The seeded Support department, where the bench opens its tickets. */
  departmentId: number;
  /** `dev server` when the bench started its own, else the TEMPORAL_ADDRESS it was given. */
  temporalServer: string;
  /** Rejects when the worker stops, on its own or at teardown. */
  workerStopped: Promise<never>;
}

export async function startBenchStack(teardown: Teardown): Promise<BenchStack> {
  // Before any connection: only the SDK's warnings, so the figures stay readable. No signal
  // handlers of its own: on Ctrl-C the bench's teardown stops the worker, after the calls in flight.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const admin = await adminDatabaseUrl(path.join(root, '.data'));
  teardown.add('stop the admin PostgreSQL', admin.stop);
  const databaseName = `duradesk_bench_${Date.now()}`;
  const databaseUrl = await createDatabase(admin.url, databaseName);
  teardown.add(`drop database ${databaseName}`, () => dropDatabase(admin.url, databaseName));

  // createKnex binds Objection's models to the newest pool; the API's pool comes second so the
  // routes' model queries use it, as they would in a separate API process.
  const activityDeps = createActivityDeps(databaseUrl);
  teardown.add('close the activities’ database pools', activityDeps.close);
  const knex = createKnex(databaseUrl);
  teardown.add('close the API database pool', () => knex.destroy());
  await migrate(knex);
  await seedDemoData(knex);

  const external = process.env.TEMPORAL_ADDRESS;
  const temporal = await testTemporal(await freePort());
  teardown.add('stop the Temporal dev server', temporal.stop);
  const settings = {
    address: temporal.address,
    namespace: TEST_NAMESPACE,
    taskQueue: `bench-${randomUUID()}`,
  };

  const connection = await connectWorker(settings);
  teardown.add('close the worker connection', () => connection.close());
  const worker = await createWorker({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: activityDeps.activities,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: benchWorkflowsPath,
      logger: new DefaultLogger('WARN'),
    }),
  });
  const running = worker.run();
  teardown.add('stop the worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  const workerStopped = running.then(() => {
    throw new Error('the worker stopped');
  });
  // Teardown awaits `running` itself; the bench turns this rejection into an abort of its phases.
  workerStopped.catch(() => undefined);

  const client = await connectClient(settings);
  teardown.add('close the Temporal client', () => client.connection.close());
  // A server we did not start outlives us: end the bench's ticket workflows there, which never end
  // by themselves, so a later run with the same ticket numbers does not find them still open.
  if (external)
    teardown.add('terminate the bench’s workflows', () => terminateOpen(client, settings.taskQueue));

  const log = logger('http');
  // One request log line per ticket would bury the figures.
  log.level = process.env.LOG_LEVEL ?? 'warn';
  const app = createApp({
    knex,
    temporal: client,
    tickets: createTicketCommands(client, settings.taskQueue),
    sessions: createSessions(knex, 1),
    log,
    // The bench measures tickets, not the limiter: its load loop stays far under these limits.
    protection: createProtection(knex, testProtection),
    taskQueue: settings.taskQueue,
  });
  // Handlers still at work when the bench stops (a client gave up on them) must finish before the
  // Temporal client and the pools they use are closed.
  const handle = app.callback();
  const inFlight = new Set<Promise<void>>();
  const http = createServer((request, response) => {
    const handled = handle(request, response);
    inFlight.add(handled);
    const settled = () => inFlight.delete(handled);
    handled.then(settled, settled);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  teardown.add('stop the API node', async () => {
    const closed = new Promise((resolve) => http.close(resolve));
    // Keep-alive sockets from the load loop would hold close() open for good.
    http.closeAllConnections();
    await Promise.allSettled([...inFlight]);
    await closed;
  });

  const department = await knex('departments').where({ name: 'Support' }).first('id');
  return {
    apiUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    knex,
    client,
    taskQueue: settings.taskQueue,
    departmentId: department.id,
    temporalServer: external ? temporal.address : 'dev server',
    workerStopped,
  };
}

async function terminateOpen(client: Client, taskQueue: string): Promise<void> {
  const open = client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` });
  for await (const execution of open) {
    await client.workflow.getHandle(execution.workflowId, execution.runId).terminate('bench finished');
  }
}
