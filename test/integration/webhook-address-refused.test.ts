import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { webhookWorkflowId } from '../../workflows/webhook/messages';
import { createRule, openTicket } from '../support/automation';
import { createDepartment } from '../support/department';
import { saveHistory } from '../support/histories';
import { eventually, type Stack, startStack } from '../support/stack';
import { createAgent } from '../support/staff';
import { startWebhookReceiver } from '../support/webhook-receiver';

// The default setting (WEBHOOK_ALLOWED_NETWORKS unset: public addresses only), and an administrator's allow-list.
let guarded: Stack;
let allowing: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let manager: string;

before(async () => {
  guarded = await startStack({ webhookAllowedNetworks: '' });
  allowing = await startStack({ webhookAllowedNetworks: '127.0.0.1' });
  receiver = await startWebhookReceiver();
  manager = await guarded.login('manager@duradesk.test');
});
after(async () => {
  await receiver.close();
  await guarded.stop();
  await allowing.stop();
});

/** A department with a fresh agent of its own, receiving, so its tickets are the agent's. */
async function agentDepartment(stack: Stack) {
  const { departmentId, groupId } = await createDepartment(stack.knex, []);
  const agent = await createAgent(stack.knex, [groupId]);
  const token = await stack.login(agent.email, agent.password);
  const receiving = await stack.request('PUT', `/api/groups/${groupId}/receiving`, {
    token,
    body: { receiving: true },
  });
  assert.equal(receiving.status, 200, JSON.stringify(receiving.body));
  return { departmentId, agent, token };
}

const webhookRule = (departmentId: number, url: string) => ({
  name: 'Tell the receiver',
  trigger: { on: 'commentAdded' },
  conditions: { all: [{ field: 'department', op: 'in', value: [departmentId] }], any: [] },
  actions: [{ type: 'webhook', url }],
});

/** Opens a ticket for the agent and comments on it, which fires the department's webhook rules. */
async function commentOnNewTicket(stack: Stack, token: string, departmentId: number) {
  const ticket = await openTicket(stack, token, departmentId);
  const commented = await stack.request('POST', `/api/tickets/${ticket.number}/comments`, {
    token,
    body: { body: 'Looking into it' },
  });
  assert.equal(commented.status, 200, JSON.stringify(commented.body));
  return ticket.number as number;
}

/** The delivery of `ruleId` on the ticket once its workflow has closed, with that workflow's last attempt. */
async function closedDelivery(stack: Stack, ticketNumber: number, ruleId: number) {
  const row = await eventually(
    () => stack.knex('webhookDeliveries').where({ ticketNumber, ruleId }).first(),
    15_000,
  );
  const handle = stack.client.workflow.getHandle(webhookWorkflowId(row.deliveryKey));
  const status = await eventually(async () => {
    const described = await handle.describe();
    return described.status.name === 'RUNNING' ? undefined : described.status.name;
  }, 15_000);
  const events = (await handle.fetchHistory()).events ?? [];
  const started = events.filter((event) => event.activityTaskStartedEventAttributes);
  const failed = events.find((event) => event.activityTaskFailedEventAttributes);
  return {
    row: await stack.knex('webhookDeliveries').where({ id: row.id }).first(),
    status,
    attempts: started.map((event) => event.activityTaskStartedEventAttributes!.attempt),
    failure: failed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo,
  };
}

describe('webhooks cannot reach internal addresses (SSRF)', () => {
  test('saving a rule whose webhook host is a literal internal address is a 400 naming the field', async () => {
    const { departmentId, token } = await agentDepartment(guarded);
    const spellings = [
      receiver.url(),
      `http://2130706433:${receiver.port}/`,
      `http://0x7f.1:${receiver.port}/`,
      `http://[::1]:${receiver.port}/`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://[fd00:ec2::254]/',
    ];
    for (const url of spellings) {
      for (const [who, as] of [
        ['a manager (system rule)', manager],
        ['an agent (personal rule)', token],
      ] as const) {
        const saved = await guarded.request('POST', '/api/automation-rules', {
          token: as,
          body: webhookRule(departmentId, url),
        });
        assert.equal(saved.status, 400, `${who}: ${url}: ${JSON.stringify(saved.body)}`);
        assert.equal(saved.body.errors[0].path, 'body.actions.0.url');
        assert.match(
          saved.body.detail,
          /may not call internal addresses: .* is a (loopback|cloud metadata|private|unique-local)/,
        );
      }
    }
    const named = await createRule(
      guarded,
      manager,
      departmentId,
      webhookRule(departmentId, 'https://hooks.example.com/x'),
    );
    const edited = await guarded.request('PUT', `/api/automation-rules/${named.id}`, {
      token: manager,
      body: webhookRule(departmentId, receiver.url()),
    });
    assert.equal(edited.status, 400, 'an edit is checked too');
    assert.equal(
      (await guarded.knex('automationRules').where({ id: named.id }).first()).version,
      1,
      'nothing half-written',
    );
  });

  test('a system rule and a personal rule calling loopback: refused once, recorded, nothing reaches the receiver', async () => {
    const { departmentId, agent, token } = await agentDepartment(guarded);
    // A system rule saved before the check existed, posting to the receiver's literal 127.0.0.1.
    const system = await createRule(
      guarded,
      manager,
      departmentId,
      webhookRule(departmentId, 'https://hooks.example.com/x'),
    );
    await guarded
      .knex('automationRules')
      .where({ id: system.id })
      .update({ actions: JSON.stringify([{ type: 'webhook', url: receiver.url('/system') }]) });
    // The agent's own rule names a host, which passes the first line: it resolves to loopback.
    const personal = await guarded.request('POST', '/api/automation-rules', {
      token,
      body: webhookRule(departmentId, `http://localhost:${receiver.port}/personal`),
    });
    assert.equal(personal.status, 201, JSON.stringify(personal.body));
    assert.equal(personal.body.ownerId, agent.id);

    const ticketNumber = await commentOnNewTicket(guarded, token, departmentId);
    const bySystem = await closedDelivery(guarded, ticketNumber, system.id);
    const byAgent = await closedDelivery(guarded, ticketNumber, personal.body.id);

    assert.equal(bySystem.row.lastError, 'refused: 127.0.0.1 is a loopback address (127.0.0.0/8)');
    assert.match(
      byAgent.row.lastError,
      /^refused: (127\.0\.0\.1|::1) is a loopback address .*; localhost resolves to it$/,
    );
    for (const delivery of [bySystem, byAgent]) {
      assert.equal(delivery.row.attempts, 1, 'one attempt, no retry storm');
      assert.equal(delivery.row.deliveredAt, null);
      assert.equal(delivery.row.lastStatus, null);
      assert.equal(delivery.status, 'FAILED', 'the delivery gives up at once');
      assert.deepEqual(delivery.attempts, [1]);
      assert.equal(delivery.failure?.type, 'WebhookAddressRefused');
      assert.equal(delivery.failure?.nonRetryable, true);
    }
    await sleep(1_500); // longer than the first retry interval: still nothing
    assert.deepEqual(receiver.calls, [], 'the receiver heard nothing');

    // The manager sees why; the agent sees their own rule's deliveries, not the system rule's.
    const seen = await guarded.request('GET', `/api/automation-rules/${system.id}/deliveries`, {
      token: manager,
    });
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(
      seen.body.map((row: { ticketNumber: number; attempts: number; lastError: string }) => [
        row.ticketNumber,
        row.attempts,
        row.lastError,
      ]),
      [[ticketNumber, 1, 'refused: 127.0.0.1 is a loopback address (127.0.0.0/8)']],
    );
    const own = await guarded.request('GET', `/api/automation-rules/${personal.body.id}/deliveries`, {
      token,
    });
    assert.equal(own.status, 200);
    assert.match(own.body[0].lastError, /loopback/);
    const others = await guarded.request('GET', `/api/automation-rules/${system.id}/deliveries`, { token });
    assert.equal(others.status, 403);

    await saveHistory(guarded.client, webhookWorkflowId(bySystem.row.deliveryKey), 'webhook/refused-address');
  });

  test('with the address allow-listed it is delivered; a redirect to the metadata address is not followed', async () => {
    const { departmentId, token } = await agentDepartment(allowing);
    const admin = await allowing.login('manager@duradesk.test');
    const allowed = await createRule(
      allowing,
      admin,
      departmentId,
      webhookRule(departmentId, receiver.url('/allowed')),
    );
    const redirecting = await createRule(
      allowing,
      admin,
      departmentId,
      webhookRule(departmentId, receiver.url('/redirect')),
    );
    const ticketNumber = await commentOnNewTicket(allowing, token, departmentId);

    const delivered = await closedDelivery(allowing, ticketNumber, allowed.id);
    assert.equal(delivered.status, 'COMPLETED');
    assert.equal(delivered.row.lastStatus, 204);
    assert.ok(delivered.row.deliveredAt);
    const call = receiver.calls.find(
      (received) => received.headers['x-duradesk-delivery'] === delivered.row.deliveryKey,
    );
    assert.ok(call, 'the receiver got the call');
    assert.equal(JSON.parse(call.body).ticket.number, ticketNumber);

    const redirected = await closedDelivery(allowing, ticketNumber, redirecting.id);
    assert.equal(
      redirected.row.lastError,
      'HTTP 302: redirect to http://169.254.169.254/latest/meta-data/ not followed',
    );
    assert.equal(redirected.row.attempts, 1);
    assert.equal(redirected.status, 'FAILED');
    assert.equal(
      receiver.calls.filter(
        (received) => received.headers['x-duradesk-delivery'] === redirected.row.deliveryKey,
      ).length,
      1,
      'one call, no second hop',
    );
  });
});
