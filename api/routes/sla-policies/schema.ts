import { z } from 'zod';
import { SLA_CONDITION_FIELDS, SLA_TARGETS, type SlaTarget } from '../../../workflows/domain/sla-policy';
import { conditionsSchema } from '../../schema/conditions';
import { seconds, toMs, toSeconds } from '../../schema/durations';
import { count, line } from '../../schema/fields';

const WarningBody = z
  .union([
    z.strictObject({ beforeSeconds: seconds.describe('Warn this long before the due time.') }),
    z.strictObject({
      percent: z.number().gt(0).lt(100).describe('Warn when this share of the target is left.'),
    }),
  ])
  .nullable()
  .default(null);

const TargetBody = z
  .strictObject({
    kind: z.enum(SLA_TARGETS),
    withinSeconds: seconds,
    businessHours: z
      .boolean()
      .default(false)
      .describe(
        "Counted in the calendar's open hours (the department's, else the brand's); else around the clock.",
      ),
    warning: WarningBody,
  })
  .refine(
    (target) =>
      !target.warning ||
      !('beforeSeconds' in target.warning) ||
      target.warning.beforeSeconds < target.withinSeconds,
    {
      path: ['warning', 'beforeSeconds'],
      message: 'must be shorter than the target itself',
    },
  );

export const PolicyBody = z.strictObject({
  name: line(200),
  position: count().optional().describe('Lower first; the first matching policy applies. Default: last.'),
  enabled: z.boolean().default(true),
  conditions: conditionsSchema(SLA_CONDITION_FIELDS).default({ all: [], any: [] }),
  targets: z
    .array(TargetBody)
    .min(1, 'needs at least one target')
    .max(SLA_TARGETS.length, `at most one target of each kind (${SLA_TARGETS.length})`)
    .refine((targets) => new Set(targets.map((target) => target.kind)).size === targets.length, {
      message: 'each target kind may appear once',
    }),
});
export type PolicyBody = z.infer<typeof PolicyBody>;

const TargetView = z.object({
  kind: z.enum(SLA_TARGETS),
  withinSeconds: z.number(),
  businessHours: z.boolean(),
  warning: z.union([z.object({ beforeSeconds: z.number() }), z.object({ percent: z.number() })]).nullable(),
});

export const PolicyView = z.object({
  id: z.number().int(),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  version: z.number().int(),
  conditions: z.object({ all: z.array(z.any()), any: z.array(z.any()) }),
  targets: z.array(TargetView),
  updatedAt: z.iso.datetime(),
});

export function targetsToMs(targets: PolicyBody['targets']): SlaTarget[] {
  return targets.map((target) => ({
    kind: target.kind,
    withinMs: toMs(target.withinSeconds),
    businessHours: target.businessHours,
    warning:
      target.warning === null
        ? null
        : 'percent' in target.warning
          ? { percent: target.warning.percent }
          : { beforeMs: toMs(target.warning.beforeSeconds) },
  }));
}

export function targetsInSeconds(targets: SlaTarget[]) {
  return targets.map((target) => ({
    kind: target.kind,
    withinSeconds: toSeconds(target.withinMs),
    businessHours: target.businessHours,
    warning:
      target.warning === null
        ? null
        : 'percent' in target.warning
          ? { percent: target.warning.percent }
          : { beforeSeconds: toSeconds(target.warning.beforeMs) },
  }));
}
