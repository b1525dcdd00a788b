import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
before(async () => {
  stack = await startStack({ worker: false });
});
after(() => stack.stop());

describe('staff login and roles', () => {
  test('a correct password returns a token and a session cookie that both authenticate', async () => {
    const login = await stack.request('POST', '/api/auth/login', {
      body: { email: 'alice@duradesk.test', password: 'demo-agent' },
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.staff.role, 'agent');
    assert.equal(login.body.staff.groupIds.length, 2);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /duradesk_session=.+; .*httponly/i);

    const byToken = await stack.request('GET', '/api/auth/me', { token: login.body.token });
    assert.equal(byToken.body.email, 'alice@duradesk.test');
    const byCookie = await stack.request('GET', '/api/auth/me', {
      headers: { cookie: cookie.split(';')[0]! },
    });
    assert.equal(byCookie.status, 200);
  });

  test('a wrong password and an unknown email both get 401 with the same message', async () => {
    const wrong = await stack.request('POST', '/api/auth/login', {
      body: { email: 'alice@duradesk.test', password: 'guess' },
    });
    const unknown = await stack.request('POST', '/api/auth/login', {
      body: { email: 'nobody@duradesk.test', password: 'guess' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.detail, unknown.body.detail);
  });

  test('passwords are stored as argon2 hashes', async () => {
    const staff = await stack.knex('staff').where({ email: 'alice@duradesk.test' }).first('passwordHash');
    assert.match(staff.passwordHash, /^\$argon2id\$/);
  });

  test('a route needing a session answers 401 without one and 401 with a bogus token', async () => {
    assert.equal((await stack.request('GET', '/api/tickets')).status, 401);
    const bogus = await stack.request('GET', '/api/tickets', { token: 'not-a-session' });
    assert.equal(bogus.status, 401);
    assert.equal(bogus.body.type, 'unauthorized');
  });

  test('an auditor may read tickets but opening one needs another role: 403', async () => {
    const auditor = await stack.login('auditor@duradesk.test');
    assert.equal((await stack.request('GET', '/api/tickets', { token: auditor })).status, 200);
    const create = await stack.request('POST', '/api/tickets', {
      token: auditor,
      body: { subject: 'x', body: 'y', customer: { email: 'c@example.com' }, departmentId: 1 },
    });
    assert.equal(create.status, 403);
    assert.match(create.body.detail, /you are auditor/);
  });

  test('after logout the token no longer works', async () => {
    const token = await stack.login('bob@duradesk.test');
    assert.equal((await stack.request('POST', '/api/auth/logout', { token })).status, 204);
    assert.equal((await stack.request('GET', '/api/auth/me', { token })).status, 401);
  });
});
