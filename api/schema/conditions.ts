import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES } from '../../workflows/domain/ticket';
import type { Condition, ConditionField, Conditions } from '../../workflows/domain/ticket-conditions';
import { count, id, raw, text } from './fields';

const FIELDS = [
  'brand',
  'department',
  'group',
  'agent',
  'customer',
  'organization',
  'priority',
  'status',
  'channel',
  'subject',
  'body',
  'replyCount',
  'businessHours',
  'customField',
] as const satisfies readonly ConditionField[];

/** A custom field's key: what the ticket API accepts as a key of `customFields`. */
export const customFieldKey = z
  .string()
  .max(40, 'must be at most 40 characters')
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'must be lower case letters, digits and _, starting with a letter (at most 40)',
  );

/** How many values one condition may list. */
const MAX_VALUES = 100;
const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, `needs at least one ${what}`).max(MAX_VALUES, `at most ${MAX_VALUES} values`);
const ids = list(id, 'id');
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => list(z.enum(values), 'value');
const words = list(text(200), 'keyword');
const pattern = raw(200)
  .min(1)
  .refine((source) => compiles(source), 'is not a valid regular expression');

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

/** The ops and value each field takes; a wrong op or value is named in the error. */
const rules: Record<ConditionField, { ops: readonly string[]; value: z.ZodType | null }> = {
  brand: { ops: ['in', 'notIn'], value: ids },
  department: { ops: ['in', 'notIn'], value: ids },
  group: { ops: ['in', 'notIn'], value: ids },
  agent: { ops: ['in', 'notIn'], value: ids },
  customer: { ops: ['in', 'notIn'], value: ids },
  organization: { ops: ['in', 'notIn'], value: ids },
  customField: {
    ops: ['in', 'notIn'],
    value: list(raw(200), 'value'),
  },
  priority: { ops: ['in', 'notIn'], value: oneOf(PRIORITIES) },
  status: { ops: ['in', 'notIn'], value: oneOf(TICKET_STATUSES) },
  channel: { ops: ['in', 'notIn'], value: oneOf(['api', 'agent'] as const) },
  subject: { ops: ['containsAny', 'containsAll', 'matches'], value: null },
  body: { ops: ['containsAny', 'containsAll', 'matches'], value: null },
  replyCount: { ops: ['atLeast', 'atMost'], value: count() },
  businessHours: { ops: ['inside', 'outside'], value: null },
};

function valueSchema(field: ConditionField, op: string): z.ZodType | null {
  if (field === 'subject' || field === 'body') return op === 'matches' ? pattern : words;
  return rules[field].value;
}

/** Conditions over `fields`: every `all` and, when `any` is not empty, one of `any`. */
export function conditionsSchema(fields: readonly ConditionField[] = FIELDS) {
  const condition = z
    .strictObject({
      field: z.enum(fields as [ConditionField, ...ConditionField[]]),
      op: z.string().max(40),
      value: z.unknown().optional(),
      key: customFieldKey.optional().describe('The custom field a customField condition reads.'),
    })
    .superRefine((input, ctx) => {
      if ((input.field === 'customField') !== (input.key !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['key'],
          message: input.field === 'customField' ? 'names no custom field' : `${input.field} takes no key`,
        });
        return;
      }
      const { ops } = rules[input.field];
      if (!ops.includes(input.op)) {
        ctx.addIssue({
          code: 'custom',
          path: ['op'],
          message: `"${input.op}" is not an operator of ${input.field}; use ${ops.join(' or ')}`,
        });
        return;
      }
      const schema = valueSchema(input.field, input.op);
      if (schema === null) {
        if (input.value !== undefined)
          ctx.addIssue({ code: 'custom', path: ['value'], message: `${input.field} takes no value` });
        return;
      }
      const parsed = schema.safeParse(input.value);
      for (const issue of parsed.error?.issues ?? [])
        ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
    })
    .transform((input) => input as Condition);
  const conditions = z.array(condition).max(50, 'at most 50 conditions');
  return z.strictObject({ all: conditions.default([]), any: conditions.default([]) });
}

/** The ids a set of conditions names, by what they name, for the existence check. */
export function referencedIds(conditions: Conditions): { field: ConditionField; id: number }[] {
  const named: { field: ConditionField; id: number }[] = [];
  for (const condition of [...conditions.all, ...conditions.any]) {
    if (
      'value' in condition &&
      ['brand', 'department', 'group', 'agent', 'customer'].includes(condition.field)
    )
      for (const id of condition.value as number[]) named.push({ field: condition.field, id });
  }
  return named;
}
