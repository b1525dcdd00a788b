import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDepartment } from '../support/department';
import { operations, unboundedParts } from '../support/openapi';
import { type Answer, type Stack, startStack } from '../support/stack';

let stack: Stack;
let admin: string;
let supportId: number;
let ticket: number;

/** A request that fails the test instead of hanging it (NUL used to hang ticket creation for good). */
async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') ? JSON.parse(text) : text,
  } satisfies Answer;
}

/** Asserts a 400 validation problem whose errors name exactly `paths`. */
function refused(answer: Answer, paths: string[], message?: RegExp) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.type, 'validation_error');
  assert.deepEqual(
    answer.body.errors.map((error: { path: string }) => error.path),
    paths,
  );
  if (message) assert.match(answer.body.detail, message);
}

const ticketBody = (extra: Record<string, unknown> = {}) => ({
  subject: 'Boundary check',
  body: 'Hello',
  customer: { email: 'boundary@example.com', name: 'Bo Undary' },
  departmentId: supportId,
  ...extra,
});

const contentCounts = async () => {
  const [customers, messages, tickets] = await Promise.all(
    ['customers', 'messages', 'tickets'].map(async (table) =>
      Number((await stack.knex(table).count({ n: '*' }).first())?.n),
    ),
  );
  return { customers, messages, tickets };
};

before(async () => {
  stack = await startStack();
  admin = await stack.login('admin@duradesk.test');
  supportId = await stack.departmentId('Support');
  const opened = await send('POST', '/api/tickets', ticketBody());
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  ticket = opened.body.number;
});
after(() => stack.stop());

describe('text with NUL or lone surrogates is refused with a 400 naming the field', () => {
  test('ticket creation: subject, body, customer name, custom field value and key; nothing is stored', async () => {
    const before = await contentCounts();
    refused(
      await send('POST', '/api/tickets', ticketBody({ subject: 'Bad\u0000subject' })),
      ['body.subject'],
      /NUL/,
    );
    refused(await send('POST', '/api/tickets', ticketBody({ body: 'a\u0000b' })), ['body.body']);
    refused(
      await send(
        'POST',
        '/api/tickets',
        ticketBody({ customer: { email: 'nul@example.com', name: 'N\u0000' } }),
      ),
      ['body.customer.name'],
    );
    refused(await send('POST', '/api/tickets', ticketBody({ customFields: { order_id: '12\u00003' } })), [
      'body.customFields.order_id',
    ]);
    refused(await send('POST', '/api/tickets', ticketBody({ customFields: { 'k\u0000': 'v' } })), [
      'body.customFields.k\\u0000',
    ]);
    refused(
      await send('POST', '/api/tickets', ticketBody({ subject: 'half a pair \ud83d' })),
      ['body.subject'],
      /lone surrogate/,
    );
    assert.deepEqual(await contentCounts(), before, 'no customer, message or ticket row written');
  });

  test('replies, comments, transfers, search terms and path parameters', async () => {
    refused(await send('POST', `/api/tickets/${ticket}/replies`, { body: 'x\u0000' }), ['body.body']);
    refused(await send('POST', `/api/tickets/${ticket}/comments`, { body: '\udc00' }), ['body.body']);
    refused(
      await send('POST', `/api/tickets/${ticket}/transfer`, { departmentId: supportId, comment: 'a\u0000' }),
      ['body.comment'],
    );
    refused(await send('GET', '/api/tickets?q=printer%00'), ['query.q']);
    refused(await send('GET', '/api/tickets?customer=%00'), ['query.customer']);
    refused(await send('GET', '/api/tickets/%00'), ['params.number']);
    refused(
      await send('POST', '/api/auth/login', { email: 'admin@duradesk.test', password: 'demo-admin\u0000' }),
      ['body.password'],
    );
    const messages = await stack.knex('messages').where({ ticketNumber: ticket });
    assert.equal(messages.length, 1, 'only the first message; no refused one was stored');
  });

  test('a subject is one line; free text keeps its line breaks', async () => {
    refused(await send('POST', '/api/tickets', ticketBody({ subject: 'two\nlines' })), ['body.subject']);
    // Unicode's own line separator, and a right-to-left override that makes a subject read otherwise.
    refused(await send('POST', '/api/tickets', ticketBody({ subject: 'two\u2028lines' })), ['body.subject']);
    refused(await send('POST', '/api/tickets', ticketBody({ subject: 'invoice\u202Efdp.exe' })), [
      'body.subject',
    ]);
    refused(
      await send(
        'POST',
        '/api/tickets',
        ticketBody({ customer: { email: 'n@example.com', name: 'A\u2029B' } }),
      ),
      ['body.customer.name'],
    );
    const reply = await send('POST', `/api/tickets/${ticket}/comments`, { body: 'line one\nline two' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });
});

const TOO_BIG = 2_147_483_648;

describe('ids are bounded to 32-bit columns and path parameters are canonical decimal digits', () => {
  test('a ticket number from 2^31 up is a 400, 2^31-1 a 404', async () => {
    refused(await send('GET', `/api/tickets/${TOO_BIG}`), ['params.number'], /at most 2147483647/);
    assert.equal((await send('GET', '/api/tickets/2147483647')).status, 404);
    assert.equal((await send('GET', '/api/tickets/99999999999999999999')).status, 400);
  });

  test('1e3, 0x3e8, 1000.0, +1, 01, " 1" and -1 are not ticket numbers', async () => {
    for (const number of ['1e3', '0x3e8', '1000.0', '%2B1', '01', '%201', '-1', '0'])
      refused(await send('GET', `/api/tickets/${number}`), ['params.number']);
    assert.equal((await send('GET', `/api/tickets/${ticket}`)).status, 200);
  });

  test('ids in bodies and queries: creation, transfer, related tickets, list filters', async () => {
    refused(await send('POST', '/api/tickets', ticketBody({ departmentId: TOO_BIG })), ['body.departmentId']);
    refused(await send('POST', '/api/tickets', ticketBody({ groupId: TOO_BIG })), ['body.groupId']);
    refused(await send('POST', `/api/tickets/${ticket}/transfer`, { groupId: TOO_BIG }), ['body.groupId']);
    refused(await send('POST', `/api/tickets/${ticket}/related`, { number: TOO_BIG }), ['body.number']);
    refused(await send('POST', `/api/tickets/${ticket}/merge`, { into: TOO_BIG }), ['body.into']);
    for (const filter of ['agentId', 'departmentId', 'groupId', 'number'])
      refused(await send('GET', `/api/tickets?${filter}=${TOO_BIG}`), [`query.${filter}`]);
    refused(await send('GET', '/api/tickets?page=1e3'), ['query.page']);
    refused(
      await send('POST', `/api/tickets/${ticket}/status`, { change: 'setWaiting', expectedVersion: TOO_BIG }),
      ['body.expectedVersion'],
    );
  });

  test('the id routes of calendars, policies, rules, departments, groups and organizations', async () => {
    for (const path of [
      `/api/calendars/${TOO_BIG}`,
      `/api/sla-policies/${TOO_BIG}`,
      `/api/automation-rules/${TOO_BIG}`,
      `/api/departments/${TOO_BIG}/ticket-timings`,
      `/api/calendars/1e3`,
      `/api/sla-policies/0x1`,
    ])
      refused(await send('GET', path), ['params.id']);
    refused(await send('PUT', `/api/groups/${TOO_BIG}/receiving`, { receiving: true }), ['params.id']);
    refused(await send('PUT', `/api/organizations/${TOO_BIG}`, { name: 'x' }), ['params.id']);
    refused(await send('PUT', `/api/departments/${supportId}/calendar`, { calendarId: TOO_BIG }), [
      'body.calendarId',
    ]);
  });
});

describe('request objects are strict', () => {
  test('a misspelt timer is a 400 naming it, and no timer is cleared', async () => {
    const { departmentId } = await createDepartment(stack.knex, []);
    const timings = `/api/departments/${departmentId}/ticket-timings`;
    const set = await send('PUT', timings, { autoCloseAfterSeconds: 3600, idleWarningAfterSeconds: 600 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    refused(
      await send('PUT', timings, { autoCloseAfterSecond: 7200 }),
      ['body.autoCloseAfterSecond'],
      /not a known field/,
    );
    // Less than a millisecond would be stored as 0: a timer firing at once, not "off" or "soon".
    refused(
      await send('PUT', timings, { autoCloseAfterSeconds: 0.0001, idleWarningAfterSeconds: 600 }),
      ['body.autoCloseAfterSeconds'],
      /at least 0.001 seconds/,
    );
    const kept = await send('GET', timings);
    assert.equal(kept.body.autoCloseAfterSeconds, 3600);
    assert.equal(kept.body.idleWarningAfterSeconds, 600);
  });

  test('unknown keys anywhere in a body, unknown query parameters, and a body where none is taken', async () => {
    refused(await send('POST', '/api/tickets', ticketBody({ priority: 'urgent' })), ['body.priority']);
    refused(
      await send('POST', '/api/tickets', ticketBody({ customer: { email: 'a@example.com', phone: '1' } })),
      ['body.customer.phone'],
    );
    refused(await send('GET', '/api/tickets?pagesize=5'), ['query.pagesize'], /not a known parameter/);
    refused(await send('GET', `/api/tickets/${ticket}?expand=all`), ['query.expand']);
    refused(await send('POST', `/api/tickets/${ticket}/close`, { reason: 'done' }), ['body.reason']);
    // Thousands of unknown parameters: the answer names the first 20 and counts the rest.
    const many = Array.from({ length: 2_000 }, (_, index) => `p${index}=1`).join('&');
    const flood = await send('GET', `/api/tickets?${many}`);
    assert.equal(flood.status, 400);
    assert.equal(flood.body.errors.length, 20);
    assert.match(flood.body.detail, /and 1980 more$/);
  });

  test('every request schema in the OpenAPI document is strict and bounded', async () => {
    const document = (await send('GET', '/api/openapi.json')).body;
    const found = operations(document).flatMap((operation) =>
      [
        ...operation.parameters.flatMap((parameter) =>
          unboundedParts(parameter.schema, `${parameter.in}.${parameter.name}`),
        ),
        ...(operation.body ? unboundedParts(operation.body, 'body') : []),
      ].map((problem) => `${operation.method} ${operation.path} ${problem}`),
    );
    assert.deepEqual(found, []);
    for (const operation of operations(document))
      for (const parameter of operation.parameters.filter((p) => p.in === 'path'))
        assert.ok(
          parameter.schema.pattern === '^(0|[1-9][0-9]*)$' || parameter.schema.format === 'uuid',
          `${operation.method} ${operation.path} {${parameter.name}} is parsed strictly`,
        );
  });
});

describe('the Idempotency-Key header', () => {
  test('is 1 to 200 visible ASCII characters; a longer one is a 400 naming the header', async () => {
    const create = (key: string) => send('POST', '/api/tickets', ticketBody(), { 'idempotency-key': key });
    refused(await create('k'.repeat(5_000)), ['headers.Idempotency-Key'], /1 to 200 visible ASCII/);
    refused(await create('k'.repeat(201)), ['headers.Idempotency-Key']);
    refused(await create('two words'), ['headers.Idempotency-Key']);
    refused(await send('POST', `/api/tickets/${ticket}/close`, undefined, { 'idempotency-key': 'é' }), [
      'headers.Idempotency-Key',
    ]);
    const longest = 'k'.repeat(200);
    const first = await create(longest);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const again = await create(longest);
    assert.equal(again.body.number, first.body.number, 'the same key answers the same ticket');
  });
});

describe('bodies are JSON', () => {
  test('a form, text or XML body is a 415 naming the type, and nothing is stored', async () => {
    const before = await contentCounts();
    for (const [type, body] of [
      ['text/plain', 'subject=Hello'],
      ['application/x-www-form-urlencoded', 'subject=Hello&body=Hi'],
      ['application/xml', '<ticket><subject>Hello</subject></ticket>'],
    ]) {
      const answer = await fetch(`${stack.api.url}/api/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': type as string },
        body,
      });
      assert.equal(answer.status, 415);
      const problem = await answer.json();
      assert.equal(problem.type, 'unsupported_media_type');
      assert.ok(problem.detail.includes(type));
    }
    assert.deepEqual(await contentCounts(), before);
  });
});

describe('405 and 501 are problem documents', () => {
  test('a method a path does not take, and one the API does not implement', async () => {
    const wrong = await send('DELETE', '/api/tickets');
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(wrong.body.type, 'method_not_allowed');
    assert.match(wrong.headers.get('allow') ?? '', /GET/);
    assert.match(wrong.body.detail, /DELETE is not allowed on \/api\/tickets; allowed: .*POST/);
    const unknown = await send('PROPFIND', '/api/tickets');
    assert.equal(unknown.status, 501);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(unknown.body.type, 'not_implemented');
  });
});
