import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, type Stack, startStack } from '../support/stack';

let stack: Stack;
let manager: string;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

async function openFor(email: string, body = 'Hello'): Promise<number> {
  const answer = await stack.request('POST', '/api/tickets', {
    token: manager,
    body: {
      subject: `Links ${email}`,
      body,
      customer: { email },
      departmentId: await stack.departmentId('Support'),
    },
  });
  return answer.body.number;
}

const messagesOf = async (number: number) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token: manager })).body.messages.map(
    (m: { body: string }) => m.body,
  );

describe('linked tickets', () => {
  test('a customer writing to a Closed and Locked ticket gets a new ticket linked to it', async () => {
    const locked = await openFor('locked@example.com');
    await stack.request('POST', `/api/tickets/${locked}/close`, { token: manager });
    await stack.request('POST', `/api/tickets/${locked}/status`, {
      token: manager,
      body: { change: 'lock' },
    });
    const answer = await stack.request('POST', `/api/tickets/${locked}/customer-messages`, {
      token: manager,
      body: { body: 'It broke again' },
    });
    assert.equal(answer.status, 202);
    assert.notEqual(answer.body.ticketNumber, locked);
    const followOn = await stack.request('GET', `/api/tickets/${answer.body.ticketNumber}`, {
      token: manager,
    });
    assert.equal(followOn.body.status, 'active');
    assert.deepEqual(await messagesOf(answer.body.ticketNumber), ['It broke again']);
    const links = await stack.request('GET', `/api/tickets/${locked}/links`, { token: manager });
    assert.deepEqual(links.body.followOns, [answer.body.ticketNumber]);
    assert.equal(
      (await stack.request('GET', `/api/tickets/${locked}`, { token: manager })).body.status,
      'closed-locked',
    );
  });

  test('related tickets are linked both ways', async () => {
    const one = await openFor('rel@example.com');
    const two = await openFor('other@example.com');
    const related = await stack.request('POST', `/api/tickets/${one}/related`, {
      token: manager,
      body: { number: two },
    });
    assert.deepEqual(related.body.related, [two]);
    const back = await stack.request('GET', `/api/tickets/${two}/links`, { token: manager });
    assert.deepEqual(back.body.related, [one]);
    const self = await stack.request('POST', `/api/tickets/${one}/related`, {
      token: manager,
      body: { number: one },
    });
    assert.equal(self.status, 400);
  });

  test("merging moves one customer's messages into the other ticket and closes the merged one with a link", async () => {
    const source = await openFor('merge@example.com', 'First question');
    const target = await openFor('merge@example.com', 'Second question');
    const merged = await stack.request('POST', `/api/tickets/${source}/merge`, {
      token: manager,
      body: { into: target },
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.mergedInto, target);
    assert.deepEqual((await messagesOf(target)).sort(), ['First question', 'Second question']);
    await eventually(async () =>
      (await stack.request('GET', `/api/tickets/${source}`, { token: manager })).body.status === 'closed'
        ? true
        : undefined,
    );
    const stranger = await openFor('someone-else@example.com');
    const refused = await stack.request('POST', `/api/tickets/${target}/merge`, {
      token: manager,
      body: { into: stranger },
    });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /different customers/);
  });
});
