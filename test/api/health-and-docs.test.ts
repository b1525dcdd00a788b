import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
before(async () => {
  stack = await startStack({ worker: false });
});
after(() => stack.stop());

describe('health', () => {
  test('reports PostgreSQL and Temporal reachable', async () => {
    const health = await stack.request('GET', '/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.database.ok, true);
    assert.equal(health.body.temporal.ok, true);
  });
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
    assert.ok(spec.body.paths['/api/health'].get);
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
