import { z } from 'zod';
import {
  EVENT_TRIGGERS,
  type RuleAction,
  type RuleTrigger,
  TEMPLATE_PLACEHOLDERS,
} from '../../../workflows/domain/automation-rule';
import { SLA_TARGETS } from '../../../workflows/domain/sla-policy';
import { PRIORITIES } from '../../../workflows/domain/ticket';
import { conditionsSchema } from '../../schema/conditions';
import { seconds, toMs, toSeconds } from '../../schema/durations';
import { count, id, line, text, webUrl } from '../../schema/fields';

const target = z.enum(SLA_TARGETS).nullable().default(null).describe('Which SLA target; null: any.');

export const TriggerBody = z.discriminatedUnion('on', [
  z.strictObject({ on: z.enum(EVENT_TRIGGERS) }),
  z.strictObject({ on: z.literal('idleFor'), afterSeconds: seconds }),
  z.strictObject({ on: z.literal('afterBreach'), afterSeconds: seconds, target }),
  z.strictObject({ on: z.literal('beforeDue'), beforeSeconds: seconds, target }),
]);

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const knownPlaceholders = (text: string) =>
  [...text.matchAll(PLACEHOLDER)].every(([, name]) =>
    (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name!),
  );
const template = (base: ReturnType<typeof text>) =>
  base.refine(
    knownPlaceholders,
    `uses an unknown placeholder; known: ${TEMPLATE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
  );

export const ActionBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('notify'),
    to: z.union([
      z.strictObject({ agentId: id }),
      z.strictObject({ groupId: id }),
      z.strictObject({ managers: z.literal(true) }),
      z.strictObject({ owner: z.literal(true) }),
    ]),
    email: z.boolean().default(false).describe('Also email each person notified.'),
    note: text(1000),
  }),
  z.strictObject({ type: z.literal('setPriority'), priority: z.enum(PRIORITIES) }),
  z
    .strictObject({
      type: z.literal('transfer'),
      departmentId: id.optional(),
      groupId: id.optional(),
      agentId: id.optional(),
    })
    .refine((action) => action.departmentId ?? action.groupId ?? action.agentId, {
      message: 'names no department, group or agent to transfer to',
    }),
  z.strictObject({ type: z.literal('setStatus'), status: z.enum(['active', 'waiting', 'closed']) }),
  z.strictObject({ type: z.literal('addComment'), text: text(5000) }),
  z.strictObject({
    type: z.literal('emailCustomer'),
    subject: template(line(200)),
    body: template(text(10_000)),
  }),
  z.strictObject({ type: z.literal('pin'), pinned: z.boolean() }),
  z.strictObject({ type: z.literal('webhook'), url: webUrl }),
]);

export const RuleBody = z.strictObject({
  name: line(200),
  personal: z
    .boolean()
    .optional()
    .describe("An agent's own rule, acting only on their tickets; agents' rules are always personal."),
  position: count().optional(),
  enabled: z.boolean().default(true),
  trigger: TriggerBody,
  conditions: conditionsSchema().default({ all: [], any: [] }),
  actions: z.array(ActionBody).min(1, 'needs at least one action').max(20),
});
export type RuleBody = z.infer<typeof RuleBody>;

export const RuleView = z.object({
  id: z.number().int(),
  name: z.string(),
  ownerId: z.number().int().nullable(),
  position: z.number().int(),
  enabled: z.boolean(),
  version: z.number().int(),
  trigger: z.record(z.string(), z.unknown()),
  conditions: z.object({ all: z.array(z.any()), any: z.array(z.any()) }),
  actions: z.array(z.record(z.string(), z.unknown())),
  webhookSecret: z
    .string()
    .optional()
    .describe('Signs webhook calls (HMAC-SHA256); shown to who may edit the rule.'),
  updatedAt: z.iso.datetime(),
});

export function triggerToMs(trigger: RuleBody['trigger']): RuleTrigger {
  if (trigger.on === 'idleFor') return { on: 'idleFor', afterMs: toMs(trigger.afterSeconds) };
  if (trigger.on === 'afterBreach')
    return { on: 'afterBreach', afterMs: toMs(trigger.afterSeconds), target: trigger.target };
  if (trigger.on === 'beforeDue')
    return { on: 'beforeDue', beforeMs: toMs(trigger.beforeSeconds), target: trigger.target };
  return { on: trigger.on };
}

export function triggerInSeconds(trigger: RuleTrigger) {
  if (trigger.on === 'idleFor') return { on: trigger.on, afterSeconds: toSeconds(trigger.afterMs) };
  if (trigger.on === 'afterBreach')
    return { on: trigger.on, afterSeconds: toSeconds(trigger.afterMs), target: trigger.target };
  if (trigger.on === 'beforeDue')
    return { on: trigger.on, beforeSeconds: toSeconds(trigger.beforeMs), target: trigger.target };
  return { on: trigger.on };
}

/** The stored action: optional transfer targets become explicit nulls. */
export function storedActions(actions: RuleBody['actions']): RuleAction[] {
  return actions.map((action) =>
    action.type === 'transfer'
      ? {
          type: 'transfer',
          departmentId: action.departmentId ?? null,
          groupId: action.groupId ?? null,
          agentId: action.agentId ?? null,
        }
      : action,
  );
}
