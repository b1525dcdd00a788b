import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createVersioned, updateVersioned, type Versioned } from '../../../db/versioned';
import type { ApiDeps } from '../../deps';
import { forbidden, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams } from '../../schema/fields';
import type { Viewer } from '../../sessions';
import { checkRuleReferences } from './references';
import { RuleBody, RuleView, storedActions, triggerInSeconds, triggerToMs } from './schema';
import { checkWebhookUrls } from './webhook-urls';

const Params = idParams('id');
const rules: Versioned = {
  table: 'automationRules',
  versions: 'automationRuleVersions',
  key: 'ruleId',
  noun: 'Rule',
};
const staff = ['admin', 'manager', 'agent', 'auditor'] as const;
const isManager = (viewer: Viewer) => viewer.role === 'admin' || viewer.role === 'manager';

interface RuleRow {
  id: number;
  ownerId: number | null;
}

/** System rules are the managers'; a personal rule is its owner's (and visible to managers and auditors). */
const canEdit = (viewer: Viewer, rule: RuleRow) =>
  rule.ownerId === null ? isManager(viewer) : rule.ownerId === viewer.id || isManager(viewer);
const canSee = (viewer: Viewer, rule: RuleRow) =>
  rule.ownerId === null || rule.ownerId === viewer.id || viewer.role !== 'agent';

export function automationRuleRoutes(deps: ApiDeps) {
  // biome-ignore lint/suspicious/noExplicitAny: a database row
  const present = (viewer: Viewer, row: any) => ({
    id: row.id ?? row.ruleId,
    name: row.name,
    ownerId: row.ownerId ?? null,
    position: row.position ?? 0,
    enabled: row.enabled ?? true,
    version: row.version,
    trigger: triggerInSeconds(row.trigger),
    conditions: row.conditions,
    actions: row.actions,
    ...(row.webhookSecret && canEdit(viewer, row) ? { webhookSecret: row.webhookSecret } : {}),
    updatedAt: new Date(row.updatedAt ?? row.createdAt).toISOString(),
  });
  const live = () => deps.knex('automationRules').whereNull('deletedAt');
  const find = async (viewer: Viewer, id: number) => {
    const row = await live().where({ id }).first();
    if (!row || !canSee(viewer, row)) throw notFound(`Rule ${id} does not exist.`);
    return row;
  };
  const findEditable = async (viewer: Viewer, id: number) => {
    const row = await find(viewer, id);
    if (!canEdit(viewer, row)) throw forbidden(`Rule ${id} is a system rule; only managers change it.`);
    return row;
  };
  const definition = (body: RuleBody) => ({
    name: body.name,
    trigger: JSON.stringify(triggerToMs(body.trigger)),
    conditions: JSON.stringify(body.conditions),
    actions: JSON.stringify(storedActions(body.actions)),
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/automation-rules',
      tag: 'automation-rules',
      summary: 'Escalation and automation rules: system rules, and your personal ones',
      roles: staff,
      response: z.array(RuleView),
      handler: async ({ viewer }) => {
        const rows = await live().orderBy('position').orderBy('id');
        return rows.filter((row) => canSee(viewer, row)).map((row) => present(viewer, row));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/automation-rules',
      tag: 'automation-rules',
      summary: 'Define a rule: a trigger, conditions and actions (agents define personal rules only)',
      roles: ['admin', 'manager', 'agent'],
      body: RuleBody,
      response: RuleView,
      status: 201,
      handler: async ({ body, viewer }) => {
        if (viewer.role === 'agent' && body.personal === false)
          throw forbidden("Agents define personal rules only; system rules are the managers'.");
        checkWebhookUrls(body, deps.webhookPolicy);
        await checkRuleReferences(deps.knex, body);
        const ownerId = viewer.role === 'agent' || body.personal ? viewer.id : null;
        const secret = { ownerId, webhookSecret: randomBytes(32).toString('hex') };
        const created = await createVersioned(deps.knex, rules, definition(body), body, secret, viewer.id);
        await deps.tickets.announceAutomationChange();
        return present(viewer, created);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/automation-rules/:id',
      tag: 'automation-rules',
      summary: 'One rule, current version',
      roles: staff,
      params: Params,
      response: RuleView,
      handler: async ({ params, viewer }) => present(viewer, await find(viewer, params.id)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/automation-rules/:id',
      tag: 'automation-rules',
      summary: 'Edit a rule: a new version, in force on open tickets at once',
      roles: ['admin', 'manager', 'agent'],
      params: Params,
      body: RuleBody.omit({ personal: true }),
      response: RuleView,
      handler: async ({ params, body, viewer }) => {
        await findEditable(viewer, params.id);
        checkWebhookUrls(body, deps.webhookPolicy);
        await checkRuleReferences(deps.knex, body);
        const updated = await updateVersioned(deps.knex, rules, params.id, definition(body), body, viewer.id);
        if (!updated) throw notFound(`${rules.noun} ${params.id} does not exist.`);
        await deps.tickets.announceAutomationChange();
        return present(viewer, updated);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/automation-rules/:id',
      tag: 'automation-rules',
      summary: 'Retire a rule; open tickets stop applying it at once',
      roles: ['admin', 'manager', 'agent'],
      params: Params,
      status: 204,
      handler: async ({ params, viewer }) => {
        await findEditable(viewer, params.id);
        await deps.knex('automationRules').where({ id: params.id }).update({ deletedAt: deps.knex.fn.now() });
        await deps.tickets.announceAutomationChange();
        return null;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/automation-rules/:id/versions',
      tag: 'automation-rules',
      summary: 'Every version of a rule, oldest first: what a ticket change names',
      roles: staff,
      params: Params,
      response: z.array(RuleView),
      handler: async ({ params, viewer }) => {
        const rule = await deps.knex('automationRules').where({ id: params.id }).first();
        if (!rule || !canSee(viewer, rule)) throw notFound(`Rule ${params.id} does not exist.`);
        const rows = await deps
          .knex('automationRuleVersions')
          .where({ ruleId: params.id })
          .orderBy('version');
        return rows.map((row) => present(viewer, { ...row, ownerId: rule.ownerId }));
      },
    }),
  ];
}
