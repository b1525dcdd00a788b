import assert from 'node:assert/strict';
import type { Stack } from './stack';

/** Conditions that keep a test's policy or rule to its own department, so tests never touch each other. */
export const inDepartment = (departmentId: number) => ({
  all: [{ field: 'department', op: 'in', value: [departmentId] }],
  any: [],
});

/** Creates an SLA policy through the API as a manager would; targets in seconds. */
export async function createPolicy(stack: Stack, token: string, departmentId: number, targets: object[]) {
  const created = await stack.request('POST', '/api/sla-policies', {
    token,
    body: { name: `Policy for ${departmentId}`, conditions: inDepartment(departmentId), targets },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: number; version: number };
}

/** Creates an automation rule through the API; conditions default to the test's department. */
export async function createRule(
  stack: Stack,
  token: string,
  departmentId: number,
  rule: { name?: string; trigger: object; actions: object[]; conditions?: object },
) {
  const created = await stack.request('POST', '/api/automation-rules', {
    token,
    body: {
      name: rule.name ?? 'Test rule',
      conditions: rule.conditions ?? inDepartment(departmentId),
      ...rule,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: number; version: number; webhookSecret: string };
}

/** Opens a ticket in the department as the API's customers do, and returns the creator's answer. */
export async function openTicket(
  stack: Stack,
  token: string,
  departmentId: number,
  content: { subject?: string; body?: string } = {},
) {
  const opened = await stack.request('POST', '/api/tickets', {
    token,
    body: {
      subject: content.subject ?? 'Help needed',
      body: content.body ?? 'Something is wrong',
      customer: { email: `sla-${departmentId}@example.com` },
      departmentId,
    },
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  return opened.body;
}

/** The ticket's change log rows, oldest first. */
export const changesOf = (stack: Stack, number: number) =>
  stack.knex('ticketChanges').where({ ticketNumber: number }).orderBy('version');
