/** SLA policies as a ticket runs under them: targets and the calendar their business time is counted in. */
import type { BusinessCalendar } from './business-calendar';
import type { Conditions } from './ticket-conditions';

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTargetKind = (typeof SLA_TARGETS)[number];

/** When a running target warns: a duration before its due time, or a percentage of the target before it. */
export type SlaWarning = { beforeMs: number } | { percent: number };

export interface SlaTarget {
  kind: SlaTargetKind;
  withinMs: number;
  /** Counted in the calendar's open hours; otherwise around the clock. */
  businessHours: boolean;
  warning: SlaWarning | null;
}

/** The fields a policy matches tickets on. */
export const SLA_CONDITION_FIELDS = [
  'brand',
  'department',
  'group',
  'priority',
  'customer',
  'organization',
  'channel',
  'customField',
] as const;

export interface SlaPolicyDefinition {
  name: string;
  conditions: Conditions;
  targets: SlaTarget[];
}

/** The policy version a ticket runs under, with the calendar of its department or brand (null: 24/7). */
export interface AppliedSla {
  policyId: number;
  version: number;
  name: string;
  targets: SlaTarget[];
  calendar: BusinessCalendar | null;
}

/** Elapsed business time at which a target warns. */
export function warningThresholdMs(target: SlaTarget): number | null {
  if (target.warning === null) return null;
  const before =
    'beforeMs' in target.warning
      ? target.warning.beforeMs
      : Math.round((target.withinMs * target.warning.percent) / 100);
  return Math.max(0, target.withinMs - before);
}

export const sameAppliedSla = (a: AppliedSla | null, b: AppliedSla | null) =>
  JSON.stringify(a) === JSON.stringify(b);
