import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Answer, type ApiNode, eventually, type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';

// Seed 004: 10 failed logins lock an account for 5 minutes. The second stack locks for 2 s, through
// the same setting, to see a lock end by itself.
let stack: Stack;
let secondNode: ApiNode;
let shortLocks: Stack;
before(async () => {
  stack = await startStack({ worker: false, protection: { lockout: { failures: 10, seconds: 300 } } });
  secondNode = await stack.startApiNode();
  shortLocks = await startStack({ worker: false, protection: { lockout: { failures: 10, seconds: 2 } } });
});
after(async () => {
  await stack.stop();
  await shortLocks.stop();
});

const login = (on: Stack, email: string, password: string, node?: ApiNode): Promise<Answer> =>
  on.request('POST', '/api/auth/login', { body: { email, password }, ...(node ? { node } : {}) });

function assertLocked(answer: Answer, lockSeconds: number) {
  assert.equal(answer.status, 423, JSON.stringify(answer.body));
  assert.equal(answer.body.type, 'account_locked');
  assert.match(answer.body.detail, /locked until \d{4}-\d\d-\d\dT.+ask an administrator to unlock it/);
  const left = Date.parse(answer.body.lockedUntil) - Date.now();
  assert.ok(left > 0 && left <= lockSeconds * 1000, `locked for ${left} ms more`);
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= lockSeconds, `Retry-After ${retryAfter}`);
}

describe('login lockout', () => {
  test('ten wrong passwords lock the account on every node; the right one is refused unhashed until an administrator unlocks it', async () => {
    const agent = await createAgent(stack.knex, []);
    for (let attempt = 1; attempt <= 9; attempt++) {
      // Alternate API nodes: the count lives in PostgreSQL, not in one node.
      const answer = await login(stack, agent.email, 'wrong', attempt % 2 ? secondNode : undefined);
      assert.equal(answer.status, 401, `attempt ${attempt}`);
      assert.equal(answer.body.detail, 'Wrong email or password.');
    }
    assertLocked(await login(stack, agent.email, 'wrong'), 300);
    assertLocked(await login(stack, agent.email, agent.password, secondNode), 300);

    // A hash argon2 cannot read: any verification would now end in a 500, so a 423 means none ran.
    const { passwordHash } = await stack.knex('staff').where({ id: agent.id }).first('passwordHash');
    await stack.knex('staff').where({ id: agent.id }).update({ passwordHash: 'not-an-argon2-hash' });
    assertLocked(await login(stack, agent.email.toUpperCase(), agent.password), 300);
    await stack.knex('staff').where({ id: agent.id }).update({ passwordHash });

    // Fresh staff of their own: a demo account's failures are counted by every test file.
    const colleague = await createAgent(stack.knex, []);
    const agentToken = await stack.login(colleague.email, colleague.password);
    const refused = await stack.request('POST', `/api/staff/${agent.id}/unlock`, { token: agentToken });
    assert.equal(refused.status, 403);
    const administrator = await createAgent(stack.knex, []);
    await stack.knex('staff').where({ id: administrator.id }).update({ role: 'admin' });
    const admin = await stack.login(administrator.email, administrator.password);
    const missing = await stack.request('POST', '/api/staff/2147483000/unlock', { token: admin });
    assert.equal(missing.status, 404);
    const badId = await stack.request('POST', '/api/staff/abc/unlock', { token: admin });
    assert.equal(badId.status, 400);
    const unlocked = await stack.request('POST', `/api/staff/${agent.id}/unlock`, { token: admin });
    assert.equal(unlocked.status, 204);

    const answer = await login(stack, agent.email, agent.password, secondNode);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  });

  test('an unknown email is counted and locked the same way, with the same answers', async () => {
    const known = await createAgent(stack.knex, []);
    const unknown = `nobody-${known.id}@duradesk.test`;
    for (let attempt = 1; attempt <= 11; attempt++) {
      const [forKnown, forUnknown] = await Promise.all([
        login(stack, known.email, 'wrong'),
        login(stack, unknown, 'wrong'),
      ]);
      assert.equal(forUnknown.status, forKnown.status, `attempt ${attempt}`);
      assert.equal(forUnknown.body.type, forKnown.body.type);
      assert.equal(
        forUnknown.body.detail.replace(/until \S+/, ''),
        forKnown.body.detail.replace(/until \S+/, ''),
      );
    }
    assertLocked(await login(stack, unknown, 'wrong'), 300);
  });

  test('a successful login clears the failures', async () => {
    const agent = await createAgent(stack.knex, []);
    for (let round = 1; round <= 2; round++) {
      for (let attempt = 1; attempt <= 9; attempt++) {
        assert.equal(
          (await login(stack, agent.email, 'wrong')).status,
          401,
          `round ${round}, attempt ${attempt}`,
        );
      }
      assert.equal((await login(stack, agent.email, agent.password)).status, 200, `round ${round}`);
    }
  });

  test('a lock ends by itself after its time', async () => {
    const agent = await createAgent(shortLocks.knex, []);
    for (let attempt = 1; attempt <= 9; attempt++) await login(shortLocks, agent.email, 'wrong');
    const locked = await login(shortLocks, agent.email, 'wrong');
    assertLocked(locked, 2);
    assertLocked(await login(shortLocks, agent.email, agent.password), 2);
    const until = Date.parse(locked.body.lockedUntil);
    const answer = await eventually(async () => {
      if (Date.now() < until) return undefined;
      const attempt = await login(shortLocks, agent.email, agent.password);
      return attempt.status === 200 ? attempt : undefined;
    });
    assert.equal(answer.body.staff.id, agent.id);
  });
});
