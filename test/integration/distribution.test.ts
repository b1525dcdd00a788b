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

/** A department whose one group has `count` fresh agents, each logged in and receiving. */
async function teamOf(count: number) {
  const { departmentId, groupId } = await createDepartment(stack.knex, []);
  const agents = [];
  for (let i = 0; i < count; i++) {
    const agent = await createAgent(stack.knex, [groupId]);
    const token = await stack.login(agent.email, agent.password);
    const receiving = await stack.request('PUT', `/api/groups/${groupId}/receiving`, {
      token,
      body: { receiving: true },
    });
    assert.equal(receiving.body.receiving, true);
    agents.push({ ...agent, token });
  }
  return { departmentId, groupId, agents };
}

async function open(departmentId: number, subject = 'Distribute me') {
  const answer = await stack.request('POST', '/api/tickets', {
    token: manager,
    body: { subject, body: 'Hello', customer: { email: 'dist@example.com' }, departmentId },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

const read = async (number: number) =>
  (await stack.request('GET', `/api/tickets/${number}`, { token: manager })).body;

describe('distribution', () => {
  test('round robin spreads new tickets over the active agents in turn, and the creator sees the owner at once', async () => {
    const { departmentId, agents } = await teamOf(2);
    const owners = [];
    for (let i = 0; i < 4; i++) owners.push((await open(departmentId)).agentId);
    const [first, second] = agents.map((agent) => agent.id).sort((a, b) => a - b);
    assert.deepEqual(owners, [first, second, first, second]);
    const notices = await eventually(async () => {
      const rows = await stack.knex('notices').where({ kind: 'assigned', staffId: first });
      return rows.length === 2 ? rows : undefined;
    });
    assert.equal(notices.length, 2);
  });

  test('fewest open sends the ticket to the least loaded agent', async () => {
    const { departmentId, groupId, agents } = await teamOf(2);
    await open(departmentId);
    await open(departmentId);
    const busiest = (await open(departmentId)).agentId;
    const method = await stack.request('PUT', `/api/groups/${groupId}/distribution`, {
      token: manager,
      body: { method: 'fewest-open' },
    });
    assert.equal(method.body.distribution, 'fewest-open');
    const next = await open(departmentId);
    const other = agents.map((agent) => agent.id).find((id) => id !== busiest);
    assert.equal(next.agentId, other);
  });

  test('with no active agent a ticket waits in the group queue and is offered when one starts receiving', async () => {
    const { departmentId, groupId } = await createDepartment(stack.knex, []);
    const queued = await open(departmentId);
    assert.equal(queued.agentId, null);
    const agent = await createAgent(stack.knex, [groupId]);
    const token = await stack.login(agent.email, agent.password);
    assert.equal((await read(queued.number)).agentId, null, 'a member who is not receiving gets nothing');
    await stack.request('PUT', `/api/groups/${groupId}/receiving`, { token, body: { receiving: true } });
    const taken = await eventually(async () => {
      const ticket = await read(queued.number);
      return ticket.agentId === agent.id ? ticket : undefined;
    });
    assert.equal(taken.agentId, agent.id);
    await saveHistory(stack.client, ticketWorkflowId(queued.number), 'ticket/queued-then-offered');
  });

  test('an agent who logged out receives no tickets; logging in again offers the queue', async () => {
    const { departmentId, agents } = await teamOf(1);
    const [agent] = agents;
    await stack.request('POST', '/api/auth/logout', { token: agent!.token });
    const queued = await open(departmentId);
    assert.equal(queued.agentId, null);
    await stack.login(agent!.email, agent!.password);
    await eventually(async () => ((await read(queued.number)).agentId === agent!.id ? true : undefined));
  });

  test('a group set to none is a queue agents pick from', async () => {
    const { departmentId, groupId } = await teamOf(1);
    await stack.request('PUT', `/api/groups/${groupId}/distribution`, {
      token: manager,
      body: { method: 'none' },
    });
    assert.equal((await open(departmentId)).agentId, null);
  });
});

describe('transfers', () => {
  test('a transfer to a group hands the ticket to that group, whose distribution picks the agent', async () => {
    const from = await teamOf(1);
    const to = await teamOf(1);
    const ticket = await open(from.departmentId);
    const moved = await stack.request('POST', `/api/tickets/${ticket.number}/transfer`, {
      token: manager,
      body: { groupId: to.groupId, comment: 'Billing question' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.groupId, to.groupId);
    assert.equal(moved.body.departmentId, to.departmentId);
    assert.equal(moved.body.agentId, to.agents[0]!.id, 'distributed in the new group before the answer');
    const detail = await read(ticket.number);
    assert.deepEqual(
      detail.messages.map((message: { kind: string; body: string }) => [message.kind, message.body]),
      [
        ['customer', 'Hello'],
        ['internal', 'Billing question'],
      ],
    );
    await saveHistory(stack.client, ticketWorkflowId(ticket.number), 'ticket/transfer-to-group');
  });

  test('a manual escalation to an agent notices them as an escalation', async () => {
    const team = await teamOf(2);
    const ticket = await open(team.departmentId);
    const other = team.agents.find((agent) => agent.id !== ticket.agentId)!;
    const escalated = await stack.request('POST', `/api/tickets/${ticket.number}/transfer`, {
      token: manager,
      body: { agentId: other.id, escalation: true },
    });
    assert.equal(escalated.body.agentId, other.id);
    const notice = await eventually(() =>
      stack.knex('notices').where({ ticketNumber: ticket.number, kind: 'escalated' }).first(),
    );
    assert.equal(notice.staffId, other.id);
  });

  test('a transfer to an agent outside the group, or to nowhere, is rejected with 400', async () => {
    const team = await teamOf(1);
    const stranger = await createAgent(stack.knex, []);
    const ticket = await open(team.departmentId);
    const outside = await stack.request('POST', `/api/tickets/${ticket.number}/transfer`, {
      token: manager,
      body: { agentId: stranger.id },
    });
    assert.equal(outside.status, 400);
    assert.match(outside.body.detail, /is not a member of group/);
    const nowhere = await stack.request('POST', `/api/tickets/${ticket.number}/transfer`, {
      token: manager,
      body: {},
    });
    assert.equal(nowhere.status, 400);
    assert.match(nowhere.body.detail, /name an agentId, a groupId or a departmentId/);
  });
});

describe('department settings and who sees what', () => {
  test("an agent reply without a status uses the department's default", async () => {
    const team = await teamOf(1);
    const ticket = await open(team.departmentId);
    const waiting = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, {
      token: manager,
      body: { body: 'a' },
    });
    assert.equal(waiting.body.status, 'waiting');
    await stack.request('PUT', `/api/departments/${team.departmentId}/default-reply-status`, {
      token: manager,
      body: { defaultReplyStatus: 'active' },
    });
    const active = await stack.request('POST', `/api/tickets/${ticket.number}/replies`, {
      token: manager,
      body: { body: 'b' },
    });
    assert.equal(active.body.status, 'active');
  });

  test('a manager sees only the tickets of the departments they manage', async () => {
    const team = await teamOf(1);
    const ticket = await open(team.departmentId);
    await stack.knex('departmentManagers').where({ departmentId: team.departmentId }).delete();
    const fresh = await stack.login('manager@duradesk.test');
    assert.equal((await stack.request('GET', `/api/tickets/${ticket.number}`, { token: fresh })).status, 404);
    const admin = await stack.login('admin@duradesk.test');
    assert.equal((await stack.request('GET', `/api/tickets/${ticket.number}`, { token: admin })).status, 200);
  });
});
