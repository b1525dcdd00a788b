import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ticketWorkflowId } from '../../workflows/ticket/messages';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';

let stack: Stack;
let manager: string;

before(async () => {
  stack = await startStack();
  manager = await stack.login('manager@duradesk.test');
});
after(() => stack.stop());

async function open(departmentId: number, subject: string) {
  const answer = await stack.request('POST', '/api/tickets', {
    token: manager,
    body: { subject, body: 'Hello', customer: { email: 'broadcast@example.com' }, departmentId },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body as { number: number; agentId: number | null };
}

const read = async (number: number) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token: manager })).body;

/** Who sent `agentAvailable` to the ticket: the workflow id of each sender, in order ('' for a client). */
async function offersTo(ticketNumber: number): Promise<string[]> {
  const history = await stack.client.workflow.getHandle(ticketWorkflowId(ticketNumber)).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === 'agentAvailable')
    .map((signal) => signal?.externalWorkflowExecution?.workflowId ?? '');
}

/** The ticket once `agentId` owns it (distribution runs when the worker is back). */
const takenBy = (number: number, agentId: number) =>
  eventually(async () => {
    const ticket = await read(number);
    return ticket.agentId === agentId ? ticket : undefined;
  }, 20_000);

describe('one durable broadcast', () => {
  test('login answers while the worker is stopped; the queued ticket is offered to the agent once the worker is back', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, []);
    const queued = await open(departmentId, 'Waiting for someone');
    assert.equal(queued.agentId, null, 'nobody receives yet');
    const agent = await createAgent(stack.knex, [groupId]);
    await stack.knex('groupMembers').where({ groupId, staffId: agent.id }).update({ receiving: true });

    await stack.stopWorker();
    try {
      // Well inside the request deadline: the answer waits only for the broadcast's start.
      const login = await Promise.race([
        stack.request('POST', '/api/auth/login', { body: { email: agent.email, password: agent.password } }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('login did not answer while the worker was stopped')), 10_000),
        ),
      ]);
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal((await read(queued.number)).agentId, null, 'no worker, no distribution yet');
      assert.deepEqual(await offersTo(queued.number), [], 'the login signalled no ticket itself');
    } finally {
      await stack.startWorker();
    }
    assert.equal((await takenBy(queued.number, agent.id)).agentId, agent.id);

    // Offered once, by the broadcast the login started, which told just that one queued ticket.
    const offers = await offersTo(queued.number);
    assert.equal(offers.length, 1);
    const id = offers[0]!;
    assert.match(id, /^offer-queued-/);
    assert.equal(await stack.client.workflow.getHandle(id).result(), 1);
    await saveHistory(stack.client, id, 'broadcast/offer-queued-at-login');
  });

  test('starting to receive answers while the worker is stopped; the queued ticket is offered once it is back', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, []);
    const queued = await open(departmentId, 'Still waiting');
    const agent = await createAgent(stack.knex, [groupId]);
    const token = await stack.login(agent.email, agent.password);

    await stack.stopWorker();
    try {
      const receiving = await stack.request('PUT', `/api/groups/${groupId}/receiving`, {
        token,
        body: { receiving: true },
      });
      assert.equal(receiving.status, 200, JSON.stringify(receiving.body));
      assert.equal(receiving.body.receiving, true);
      assert.deepEqual(await offersTo(queued.number), [], 'the request signalled no ticket itself');
    } finally {
      await stack.startWorker();
    }
    assert.equal((await takenBy(queued.number, agent.id)).agentId, agent.id);
    const [sender] = await offersTo(queued.number);
    assert.match(sender ?? '', /^offer-queued-/);
  });

  test("department timers reach the department's open tickets through the broadcast, and only those", async () => {
    const { departmentId } = await createDepartment(stack.knex, []);
    const other = await createDepartment(stack.knex, []);
    const waiting = await open(departmentId, 'Will warn');
    const closed = await open(departmentId, 'Closed already');
    const elsewhere = await open(other.departmentId, 'Other department');
    const close = await stack.request('POST', `/api/tickets/${closed.number}/close`, { token: manager });
    assert.equal(close.status, 200);

    const put = await stack.request('PUT', `/api/departments/${departmentId}/ticket-timings`, {
      token: manager,
      body: { idleWarningAfterSeconds: 0.5 },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const id = `department-timings-${departmentId}`;
    assert.equal(
      await stack.client.workflow.getHandle(id).result(),
      1,
      'told the one open ticket of the department',
    );
    const warned = await eventually(async () => {
      const ticket = await read(waiting.number);
      return ticket.idleWarningAt ? ticket : undefined;
    });
    assert.ok(warned.idleWarningAt);
    assert.equal((await read(elsewhere.number)).idleWarningAt, null, 'another department keeps its timers');
    await saveHistory(stack.client, id, 'broadcast/department-timings');
  });
});
