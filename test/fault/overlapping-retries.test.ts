import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createDepartment } from '../support/department';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;

before(async () => {
  stack = await startStack();
});
after(() => stack.stop());

// Found by the fault suite: a client whose attempt timed out sends the same request again while the
// first is still being served; both took a ticket number before either had stored the first message.
test('attempts of one create with one Idempotency-Key that overlap open one ticket', async () => {
  const { departmentId } = await createDepartment(stack.knex, []);
  const token = await stack.login('manager@duradesk.test');
  const key = randomUUID();
  const attempt = () =>
    stack.request('POST', '/api/tickets', {
      token,
      headers: { 'idempotency-key': key },
      body: {
        subject: 'Sent again while the first attempt runs',
        body: 'Hello?',
        customer: { email: 'overlap@example.com' },
        departmentId,
      },
    });
  const answers = await Promise.all([attempt(), attempt(), attempt(), attempt()]);
  for (const answer of answers) assert.ok([201, 202].includes(answer.status), JSON.stringify(answer.body));
  // A 202 names the ticket in its Location header.
  const numbers = new Set(
    answers.map((answer) => answer.body.number ?? Number(answer.headers.get('location')?.split('/').pop())),
  );
  assert.equal(numbers.size, 1, `one number for one key, not ${[...numbers].join(', ')}`);
  const tickets = await stack.knex('tickets').where({ departmentId }).select('number');
  assert.deepEqual(
    tickets.map((ticket) => ticket.number),
    [...numbers],
  );
  const messages = await stack
    .knex('messages')
    .whereIn('ticketNumber', [...numbers])
    .select('ticketNumber');
  assert.equal(messages.length, 1);
});
