import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app';
import { createProtection } from '../../api/protection/protection';
import { createSessions } from '../../api/sessions';
import { logger } from '../../config/logger';
import { createKnex } from '../../db/knex';
import { createTicketCommands } from '../../temporal/commands/tickets';
import { freePort } from '../../temporal/free-port';
import { eventually, type Stack, startStack, testProtection } from '../support/stack';

let stack: Stack;
// Short, so the test sees a stopped worker stop counting within seconds.
const workerStaleSeconds = 3;
before(async () => {
  stack = await startStack({ worker: false, workerStaleSeconds });
});
after(() => stack.stop());

describe('health', () => {
  test('live answers while the API runs; ready waits for a worker to poll and names what is missing', async () => {
    const live = await stack.request('GET', '/api/health/live');
    assert.equal(live.status, 200);
    assert.deepEqual(live.body, { live: true });

    for (const path of ['/api/health', '/api/health/ready']) {
      const health = await stack.request('GET', path);
      assert.equal(health.status, 503, path);
      assert.match(health.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(health.body.type, 'not_ready');
      assert.match(health.body.detail, /^worker: no worker polled/);
      assert.equal(health.body.ready, false);
      assert.deepEqual(health.body.failing, ['worker']);
      assert.equal(health.body.database.ok, true);
      assert.equal(health.body.temporal.ok, true);
      assert.equal(health.body.worker.taskQueue, stack.taskQueue);
      assert.match(health.body.worker.error, /no worker polled the workflow and activity task queue/);
    }

    await stack.startWorker();
    const ready = await eventually(async () => {
      const health = await stack.request('GET', '/api/health');
      return health.status === 200 ? health : undefined;
    });
    assert.equal(ready.body.ready, true);
    assert.deepEqual(ready.body.failing, []);
    assert.equal(ready.body.worker.ok, true);

    await stack.stopWorker();
    const stale = await eventually(
      async () => {
        const health = await stack.request('GET', '/api/health/ready');
        return health.status === 503 ? health : undefined;
      },
      (workerStaleSeconds + 10) * 1000,
    );
    assert.deepEqual(stale.body.failing, ['worker']);
    assert.equal((await stack.request('GET', '/api/health/live')).status, 200);
  });
});

/** A PostgreSQL that accepts connections and never answers, as a hung server does. */
async function hungDatabase() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://duradesk:secret@127.0.0.1:${port}/duradesk`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** An API node over `knex` (a database that misbehaves) and the stack's Temporal, on an ephemeral port. */
async function apiOver(knex: ReturnType<typeof createKnex>) {
  const app = createApp({
    knex,
    temporal: stack.client,
    tickets: createTicketCommands(stack.client, stack.taskQueue),
    sessions: createSessions(knex, 1),
    log: logger('http'),
    protection: createProtection(knex, testProtection),
    taskQueue: stack.taskQueue,
  });
  const http = createServer(app.callback());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

test('when PostgreSQL refuses connections, requests answer 503 database_unavailable with Retry-After, not 500', async () => {
  const port = await freePort();
  const knex = createKnex(`postgres://postgres@127.0.0.1:${port}/nowhere`);
  const { http, url } = await apiOver(knex);
  try {
    const answers = [
      await fetch(`${url}/api/tickets`, { headers: { authorization: 'Bearer some-session' } }),
      await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'alice@duradesk.test', password: 'demo-agent' }),
      }),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.get('retry-after'), '5');
      assert.equal((await answer.json()).type, 'database_unavailable');
    }
  } finally {
    http.close();
    await knex.destroy().catch(() => undefined);
  }
});

test('when PostgreSQL hangs, live still answers and ready names the database within its deadline', async () => {
  const database = await hungDatabase();
  const knex = createKnex(database.url);
  const { http, url } = await apiOver(knex);
  try {
    const live = await fetch(`${url}/api/health/live`);
    assert.equal(live.status, 200);
    const ready = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(ready.status, 503);
    const body = await ready.json();
    assert.ok(body.failing.includes('database'));
    assert.equal(body.temporal.ok, true);
    assert.match(body.database.error, /no answer within 3 s/);
  } finally {
    http.close();
    database.close();
    await knex.destroy().catch(() => undefined);
  }
});

describe('API documentation', () => {
  test('openapi.json describes every route with the schemas that validate it', async () => {
    const spec = await stack.request('GET', '/api/openapi.json');
    assert.equal(spec.status, 200);
    assert.equal(spec.body.openapi, '3.1.0');
    const create = spec.body.paths['/api/tickets'].post;
    const body = create.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required.sort(), ['body', 'customer', 'departmentId', 'subject']);
    assert.equal(body.properties.customer.properties.email.format, 'email');
    assert.deepEqual(create['x-roles'], ['admin', 'manager', 'agent']);
    const reply = spec.body.paths['/api/tickets/{number}/replies'].post;
    assert.deepEqual(reply.requestBody.content['application/json'].schema.properties.status.enum, [
      'active',
      'waiting',
    ]);
    assert.equal(reply.parameters[0].name, 'number');
    // Commands to a ticket workflow document what they answer when it is slow; reads do not.
    for (const command of [create, reply]) {
      assert.ok(command.responses['202'].headers.Location);
      assert.ok(command.responses['503'].headers['Retry-After']);
    }
    assert.equal(spec.body.paths['/api/tickets/{number}'].get.responses['202'], undefined);
    assert.ok(spec.body.paths['/api/health'].get);
    const ready =
      spec.body.paths['/api/health/ready'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(ready.properties.failing.items.enum, ['database', 'temporal', 'worker']);
    assert.ok(spec.body.paths['/api/health/live'].get);
  });

  test('the docs page and the web app are served on the API port', async () => {
    const docs = await stack.request('GET', '/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.body, /<title>Duradesk API<\/title>/);
    const app = await stack.request('GET', '/');
    assert.match(app.body, /Staff login/);
    const client = await stack.request('GET', '/socket.io/socket.io.js');
    assert.equal(client.status, 200);
  });

  test('an unknown API path is a 404 problem', async () => {
    const missing = await stack.request('GET', '/api/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'not_found');
  });
});
