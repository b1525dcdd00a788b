import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { TicketCounts } from '../../db/ticket-search';
import { eventually, type Stack, startStack } from '../support/stack';

let stack: Stack;
let manager: string;
let alice: string;
let supportId: number;
let salesId: number;

before(async () => {
  stack = await startStack();
  supportId = await stack.departmentId('Support');
  salesId = await stack.departmentId('Sales');
  manager = await stack.login('manager@duradesk.test');
  alice = await stack.login('alice@duradesk.test');
});
after(() => stack.stop());

/** A word no other test (or test file: they share the database) uses. */
const uniqueWord = () => `w${randomUUID().replaceAll('-', '').slice(0, 12)}`;

interface Item {
  number: number;
  status: string;
  agentId: number | null;
  pinned: boolean;
  priority: string;
  createdAt: string;
}

async function openTicket(token: string, fields: Record<string, unknown>): Promise<Item> {
  const answer = await stack.request('POST', '/api/tickets', {
    token,
    body: {
      subject: 'Search me',
      body: 'Nothing special',
      customer: { email: 'searcher@example.com' },
      departmentId: supportId,
      ...fields,
    },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

async function send(method: string, path: string, token: string, body?: unknown) {
  const answer = await stack.request(method, path, { token, body });
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([name, value]) => [name, String(value)])).toString();

async function list(token: string, params: Record<string, string | number>) {
  const answer = await stack.request('GET', `/api/tickets?${query({ pageSize: 100, ...params })}`, { token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as { items: Item[]; total: number };
}

const numbers = async (token: string, params: Record<string, string | number>) =>
  (await list(token, params)).items.map((item) => item.number);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('full-text search', () => {
  test('finds a ticket by a word of its subject, of a reply, or only of a later customer message', async () => {
    const tag = uniqueWord();
    const later = uniqueWord();
    const replied = uniqueWord();
    const ticket = await openTicket(manager, { subject: `Kettle ${tag} whistles` });
    const other = await openTicket(manager, { subject: `Toaster ${tag} smokes` });

    assert.deepEqual(sorted(await numbers(manager, { q: tag })), sorted([ticket.number, other.number]));
    assert.deepEqual(await numbers(manager, { q: later }), []);

    await send('POST', `/api/tickets/${ticket.number}/customer-messages`, manager, {
      body: `Now it makes a ${later} noise`,
    });
    const found = await eventually(async () => {
      const hits = await numbers(manager, { q: later });
      return hits.length > 0 ? hits : undefined;
    });
    assert.deepEqual(found, [ticket.number]);

    await send('POST', `/api/tickets/${other.number}/replies`, manager, {
      body: `Try the ${replied} setting`,
      status: 'waiting',
    });
    assert.deepEqual(await numbers(manager, { q: replied }), [other.number]);
    // The subject and the messages are one document: words may come from both, and exclusions see both.
    assert.deepEqual(await numbers(manager, { q: `${tag} ${later}` }), [ticket.number]);
    assert.deepEqual(await numbers(manager, { q: `${tag} -${later}` }), [other.number]);
    assert.deepEqual(await numbers(manager, { q: `"${later} noise"` }), [ticket.number]);
  });
});

describe('customer filter', () => {
  test("matches part of the customer's email or name, whatever the case", async () => {
    const tag = uniqueWord();
    const dora = await openTicket(manager, {
      subject: `Order ${tag}`,
      customer: { email: `dora.${tag}@example.com`, name: `Dora Explorer ${tag}` },
    });
    const eve = await openTicket(manager, {
      subject: `Order ${tag}`,
      customer: { email: `eve.${tag}@example.com`, name: 'Eve' },
    });

    assert.deepEqual(await numbers(manager, { customer: `DORA.${tag.toUpperCase()}` }), [dora.number]);
    assert.deepEqual(await numbers(manager, { customer: `explorer ${tag}` }), [dora.number]);
    assert.deepEqual(
      sorted(await numbers(manager, { customer: `.${tag}@example` })),
      sorted([dora.number, eve.number]),
    );
    // LIKE wildcards typed by the user match themselves only.
    assert.deepEqual(await numbers(manager, { customer: '%', q: tag }), []);
  });
});

describe('queues', () => {
  test('waiting, closed, unassigned and all; deleted tickets only when asked for by status', async () => {
    const tag = uniqueWord();
    const open = () => openTicket(manager, { subject: `Queue ${tag}` });
    const active = await open();
    const waiting = await open();
    await send('POST', `/api/tickets/${waiting.number}/replies`, manager, {
      body: 'Over to you',
      status: 'waiting',
    });
    const closed = await open();
    await send('POST', `/api/tickets/${closed.number}/close`, manager);
    const deleted = await open();
    await send('POST', `/api/tickets/${deleted.number}/status`, manager, { change: 'delete' });

    const inQueue = async (queue: string, extra: Record<string, string> = {}) =>
      sorted(await numbers(manager, { q: tag, queue, ...extra }));
    assert.deepEqual(await inQueue('waiting'), [waiting.number]);
    assert.deepEqual(await inQueue('closed'), [closed.number]);
    assert.deepEqual(await inQueue('follow-ups'), []);
    const visible = sorted([active.number, waiting.number, closed.number]);
    assert.deepEqual(await inQueue('all'), visible);
    assert.deepEqual(sorted(await numbers(manager, { q: tag })), visible, 'all is the default queue');
    assert.deepEqual(await inQueue('all', { status: 'deleted' }), [deleted.number]);

    // Distribution may have given a ticket an owner; unassigned lists exactly the open ones without.
    const owners = await list(manager, { q: tag });
    const unowned = owners.items.filter((item) => item.agentId === null && item.status !== 'closed');
    assert.deepEqual(await inQueue('unassigned'), sorted(unowned.map((item) => item.number)));
    assert.ok(!(await inQueue('unassigned')).includes(closed.number));

    const me = await stack.request('GET', '/api/auth/me', { token: manager });
    const mine = await list(manager, { queue: 'mine' });
    assert.ok(mine.items.every((item) => item.agentId === me.body.id));
  });

  test('the group queue needs a groupId and lists that group only', async () => {
    const tag = uniqueWord();
    const level1 = await stack.groupId('Support', 'Level 1');
    const level2 = await stack.groupId('Support', 'Level 2');
    const first = await openTicket(manager, { subject: `Group ${tag}`, groupId: level1 });
    const second = await openTicket(manager, { subject: `Group ${tag}`, groupId: level2 });
    assert.deepEqual(await numbers(manager, { q: tag, queue: 'group', groupId: level1 }), [first.number]);
    assert.deepEqual(await numbers(manager, { q: tag, queue: 'group', groupId: level2 }), [second.number]);
  });
});

describe('order', () => {
  test('pinned tickets come first, then by priority either way', async () => {
    const tag = uniqueWord();
    // A new ticket is Normal already; the others change priority after opening.
    const open = async (priority: string) => {
      const ticket = await openTicket(manager, { subject: `Order ${tag}` });
      if (priority !== 'normal') {
        await send('PUT', `/api/tickets/${ticket.number}/priority`, manager, { priority });
      }
      return ticket.number;
    };
    const low = await open('low');
    await send('PUT', `/api/tickets/${low}/pin`, manager, { pinned: true });
    const urgent = await open('urgent');
    const high = await open('high');
    const normal = await open('normal');

    assert.deepEqual(await numbers(manager, { q: tag, sort: 'priority' }), [low, urgent, high, normal]);
    assert.deepEqual(await numbers(manager, { q: tag, sort: 'priority', order: 'asc' }), [
      low,
      normal,
      high,
      urgent,
    ]);
    assert.deepEqual(await numbers(manager, { q: tag }), [low, normal, high, urgent], 'newest change first');
    assert.deepEqual(await numbers(manager, { q: tag, sort: 'number', order: 'asc' }), [
      low,
      urgent,
      high,
      normal,
    ]);
    const page = await list(manager, { q: tag, sort: 'priority', pageSize: 2, page: 2 });
    assert.deepEqual(
      page.items.map((item) => item.number),
      [high, normal],
    );
    assert.equal(page.total, 4);
  });
});

describe('filters', () => {
  test('number, priority, department, group and created and updated ranges', async () => {
    const tag = uniqueWord();
    const ticket = await openTicket(manager, { subject: `Filter ${tag}` });
    const created = Date.parse(ticket.createdAt);
    const at = (ms: number) => new Date(ms).toISOString();
    const hits = (params: Record<string, string | number>) => numbers(manager, { q: tag, ...params });

    assert.deepEqual(await numbers(manager, { number: ticket.number }), [ticket.number]);
    assert.deepEqual(await hits({ priority: 'normal' }), [ticket.number]);
    assert.deepEqual(await hits({ priority: 'urgent' }), []);
    assert.deepEqual(await hits({ departmentId: supportId }), [ticket.number]);
    assert.deepEqual(await hits({ departmentId: salesId }), []);
    assert.deepEqual(await hits({ groupId: await stack.groupId('Support', 'Level 2') }), []);
    assert.deepEqual(await hits({ createdFrom: at(created), createdTo: at(created) }), [ticket.number]);
    assert.deepEqual(await hits({ createdFrom: at(created + 1) }), []);
    assert.deepEqual(await hits({ updatedTo: at(created - 1) }), []);
    assert.deepEqual(await hits({ updatedFrom: at(created - 60_000) }), [ticket.number]);
    assert.deepEqual(await hits({ agentId: 999_999 }), []);
  });
});

async function counts(token: string): Promise<TicketCounts> {
  const answer = await stack.request('GET', '/api/tickets/counts', { token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

/** Each count next to its list's total; retried while other tests change tickets in between. */
async function countsAndTotals(token: string) {
  return eventually(async () => {
    const before = await counts(token);
    const total = async (params: Record<string, string | number>) =>
      (await list(token, { pageSize: 1, ...params })).total;
    const totals: TicketCounts = {
      mine: await total({ queue: 'mine' }),
      unassigned: await total({ queue: 'unassigned' }),
      waiting: await total({ queue: 'waiting' }),
      followUps: await total({ queue: 'follow-ups' }),
      closed: await total({ queue: 'closed' }),
      all: await total({}),
      groups: [],
    };
    for (const { groupId } of before.groups) {
      totals.groups.push({ groupId, count: await total({ queue: 'group', groupId }) });
    }
    return isDeepStrictEqual(before, await counts(token)) ? { counts: before, totals } : undefined;
  }, 30_000);
}

describe('counts', () => {
  test('each queue count is the total its list shows', async () => {
    const waiting = await openTicket(manager, { subject: `Count ${uniqueWord()}` });
    await send('POST', `/api/tickets/${waiting.number}/replies`, manager, {
      body: 'Over to you',
      status: 'waiting',
    });
    const closed = await openTicket(alice, { subject: `Count ${uniqueWord()}` });
    await send('POST', `/api/tickets/${closed.number}/close`, alice);

    for (const token of [manager, alice]) {
      const { counts: answer, totals } = await countsAndTotals(token);
      assert.deepEqual(answer, totals);
      assert.ok(answer.waiting >= 1 && answer.closed >= 1 && answer.all >= 2);
      const perGroup = answer.groups.reduce((sum, group) => sum + group.count, 0);
      assert.equal(perGroup, answer.all, 'every ticket is in exactly one group');
    }
  });
});

describe('visibility', () => {
  test("an agent's searches and counts leave out the groups they are not in", async () => {
    const tag = uniqueWord();
    const level2 = await stack.groupId('Support', 'Level 2');
    const aliceGroups = [await stack.groupId('Support', 'Level 1'), await stack.groupId('Sales', 'Level 1')];
    const hidden = await openTicket(manager, { subject: `Secret ${tag}`, groupId: level2 });
    const shown = await openTicket(alice, { subject: `Shared ${tag}` });

    assert.deepEqual(sorted(await numbers(manager, { q: tag })), sorted([hidden.number, shown.number]));
    assert.deepEqual(await numbers(alice, { q: tag }), [shown.number]);
    assert.deepEqual(await numbers(alice, { number: hidden.number }), []);
    assert.equal((await list(alice, { queue: 'group', groupId: level2 })).total, 0);

    const mine = await counts(alice);
    assert.ok(mine.groups.every((group) => aliceGroups.includes(group.groupId)));
    const everyone = await counts(manager);
    assert.ok(everyone.groups.some((group) => group.groupId === level2 && group.count >= 1));
  });
});

describe('validation', () => {
  const problem = async (params: Record<string, string>) => {
    const answer = await stack.request('GET', `/api/tickets?${query(params)}`, { token: manager });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.type, 'validation_error');
    return answer.body as { detail: string; errors: { path: string }[] };
  };
  const paths = (body: { errors: { path: string }[] }) => body.errors.map((error) => error.path);

  test('a bad sort, queue, order or date is a 400 naming the parameter', async () => {
    const badSort = await problem({ sort: 'subject' });
    assert.match(badSort.detail, /query\.sort/);
    assert.deepEqual(paths(badSort), ['query.sort']);
    assert.deepEqual(paths(await problem({ queue: 'everything' })), ['query.queue']);
    assert.deepEqual(paths(await problem({ order: 'sideways' })), ['query.order']);
    assert.deepEqual(paths(await problem({ createdFrom: 'yesterday' })), ['query.createdFrom']);
    assert.deepEqual(paths(await problem({ agentId: 'me' })), ['query.agentId']);
    assert.deepEqual(paths(await problem({ q: '   ' })), ['query.q']);
    assert.deepEqual(paths(await problem({ q: '-only -excluded' })), ['query.q']);
  });

  test('the group queue without groupId, and a range ending before it starts, are refused', async () => {
    assert.deepEqual(paths(await problem({ queue: 'group' })), ['query.groupId']);
    const reversed = await problem({
      updatedFrom: '2026-02-01T00:00:00Z',
      updatedTo: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual(paths(reversed), ['query.updatedTo']);
  });

  test('the counts are not mistaken for a ticket number', async () => {
    const answer = await stack.request('GET', '/api/tickets/counts', { token: alice });
    assert.equal(answer.status, 200);
    assert.equal(typeof answer.body.all, 'number');
  });
});
