import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshAddress, requestFrom } from '../support/from-address';
import { type Answer, type ApiNode, type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';

// Tight limits through the same settings as production's. Limits per address are tried from
// loopback addresses of this file's own (127.x.y.z), as the counters are shared with every test file.
let logins: Stack;
let loginsNode: ApiNode;
let sessions: Stack;
let sessionsNode: ApiNode;
let addresses: Stack;
before(async () => {
  logins = await startStack({ worker: false, protection: { login: { perAddress: 5, perAccount: 3 } } });
  loginsNode = await logins.startApiNode();
  sessions = await startStack({
    worker: false,
    protection: { api: { perSession: 5, perAddress: 1_000_000 } },
  });
  sessionsNode = await sessions.startApiNode();
  addresses = await startStack({
    worker: false,
    protection: { api: { perSession: 1_000_000, perAddress: 6 } },
  });
});
after(async () => {
  await logins.stop();
  await sessions.stop();
  await addresses.stop();
});

function assertLimited(answer: Answer, what: RegExp) {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.type, 'rate_limited');
  assert.match(answer.body.detail, what);
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(answer.body.retryAfterSeconds, retryAfter);
}

const wrongLogin = (node: ApiNode, address: string, email: string, headers: Record<string, string> = {}) =>
  requestFrom(address, node.url, 'POST', '/api/auth/login', { body: { email, password: 'wrong' }, headers });

describe('login rate limits', () => {
  test('past its limit an address gets 429 with Retry-After on every node, whatever X-Forwarded-For says', async () => {
    const address = freshAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const node = attempt % 2 ? loginsNode : logins.api;
      // Each a different account, so only the address limit can apply.
      const answer = await wrongLogin(node, address, `nobody-${attempt}-${address}@duradesk.test`, {
        'x-forwarded-for': `198.51.100.${attempt}`,
      });
      assert.equal(answer.status, 401, `attempt ${attempt}`);
    }
    const limited = await wrongLogin(logins.api, address, `someone-else-${address}@duradesk.test`, {
      'x-forwarded-for': '203.0.113.9',
    });
    assertLimited(limited, /login attempts from this address/);
    // The right password does not get through either, while another address still may try.
    const right = await requestFrom(address, logins.api.url, 'POST', '/api/auth/login', {
      body: { email: 'alice@duradesk.test', password: 'demo-agent' },
    });
    assert.equal(right.status, 429);
    assert.equal((await wrongLogin(logins.api, freshAddress(), `x-${address}@duradesk.test`)).status, 401);
  });

  test('300 parallel logins from one address: only the allowed few reach the password check', async () => {
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        wrongLogin(n % 2 ? loginsNode : logins.api, address, `flood-${n}-${address}@duradesk.test`),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 401).length, 5);
    assert.equal(statuses.filter((status) => status === 429).length, 295);
  });

  test('past its limit an account gets 429 from any address and node, known or not', async () => {
    // A fresh account: the demo ones are counted by every test file that logs in with them.
    const known = await createAgent(logins.knex, []);
    for (const email of [known.email, `nobody-${freshAddress()}@duradesk.test`]) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const node = attempt % 2 ? loginsNode : logins.api;
        assert.equal((await wrongLogin(node, freshAddress(), email)).status, 401, `${email} ${attempt}`);
      }
      assertLimited(await wrongLogin(logins.api, freshAddress(), email), /login attempts for this account/);
    }
  });
});

describe('API rate limits', () => {
  test('a session past its limit gets 429 on every node; other sessions are not held back', async () => {
    const token = await sessions.login('alice@duradesk.test');
    const other = await sessions.login('alice@duradesk.test');
    for (let request = 1; request <= 5; request++) {
      const node = request % 2 ? sessionsNode : sessions.api;
      const answer = await sessions.request('GET', '/api/auth/me', { token, node });
      assert.equal(answer.status, 200, `request ${request}`);
    }
    assertLimited(await sessions.request('GET', '/api/auth/me', { token }), /requests in this session/);
    assertLimited(
      await sessions.request('GET', '/api/tickets', { token, node: sessionsNode }),
      /requests in this session/,
    );
    assert.equal((await sessions.request('GET', '/api/auth/me', { token: other })).status, 200);
  });

  test('an address past its limit gets 429, with or without a session', async () => {
    const address = freshAddress();
    for (let request = 1; request <= 6; request++) {
      const answer = await requestFrom(address, addresses.api.url, 'GET', '/api/auth/me', {
        headers: { authorization: `Bearer not-a-session-${request}` },
      });
      assert.equal(answer.status, 401, `request ${request}`);
    }
    const limited = await requestFrom(address, addresses.api.url, 'GET', '/api/auth/me');
    assertLimited(limited, /requests from this address/);
    const fromElsewhere = await requestFrom(freshAddress(), addresses.api.url, 'GET', '/api/auth/me');
    assert.equal(fromElsewhere.status, 401);
  });
});
