import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDepartment } from '../support/department';
import { eventually, type Stack, startStack } from '../support/stack';

const DEADLINE_MS = 1_000;
let stack: Stack;
let admin: string;

before(async () => {
  stack = await startStack({ worker: false, requestTimeoutMs: DEADLINE_MS });
  admin = await stack.login('admin@duradesk.test');
});
after(() => stack.stop());

test('a request that overruns the deadline is answered with a 503 problem, not held open', async () => {
  const { departmentId } = await createDepartment(stack.knex, []);
  // Another transaction holds the department's row, so the update below waits as long as it is held.
  const lock = await stack.knex.transaction();
  await lock('departments').where({ id: departmentId }).forUpdate().first();
  try {
    const started = Date.now();
    const answer = await fetch(`${stack.api.url}/api/departments/${departmentId}/default-reply-status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ defaultReplyStatus: 'active' }),
      signal: AbortSignal.timeout(10_000),
    });
    const elapsed = Date.now() - started;
    assert.equal(answer.status, 503);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = await answer.json();
    assert.equal(problem.type, 'deadline_exceeded');
    assert.match(problem.detail, /did not finish within 1 s/);
    assert.ok(answer.headers.get('retry-after'));
    assert.ok(elapsed >= DEADLINE_MS, `answered after the deadline (${elapsed} ms), not before`);
  } finally {
    await lock.rollback();
  }
  // The overrun handler went on once the row was free; its late outcome does not break the node.
  await eventually(async () => {
    const row = await stack.knex('departments').where({ id: departmentId }).first('defaultReplyStatus');
    return row.defaultReplyStatus === 'active' ? true : undefined;
  });
  const health = await stack.request('GET', '/api/auth/me', { token: admin });
  assert.equal(health.status, 200);
});
