/**
 * Escalation and automation rules (SmarterTrack's "events"): a trigger, conditions and actions. The
 * workflow decides which rules fire with these pure functions; effects run as activities.
 */
import type { SlaReport } from './sla-clock';
import type { SlaTargetKind } from './sla-policy';
import type { Priority, TicketState } from './ticket';
import { type Conditions, matchesConditions, type TicketFacts } from './ticket-conditions';
import type { TicketEvent } from './ticket-events';

export const EVENT_TRIGGERS = [
  'created',
  'transferred',
  'statusChanged',
  'priorityChanged',
  'commentAdded',
  'messageIn',
  'messageOut',
  'idle',
  'followUpScheduled',
  'followUpDue',
  'slaWarning',
  'slaBreached',
] as const;
export type EventTrigger = (typeof EVENT_TRIGGERS)[number];

export type RuleTrigger =
  | { on: EventTrigger }
  | { on: 'idleFor'; afterMs: number }
  | { on: 'afterBreach'; afterMs: number; target: SlaTargetKind | null }
  | { on: 'beforeDue'; beforeMs: number; target: SlaTargetKind | null };

export type NotifyTo = { agentId: number } | { groupId: number } | { managers: true } | { owner: true };

export type RuleAction =
  | { type: 'notify'; to: NotifyTo; email: boolean; note: string }
  | { type: 'setPriority'; priority: Priority }
  | { type: 'transfer'; departmentId: number | null; groupId: number | null; agentId: number | null }
  | { type: 'setStatus'; status: 'active' | 'waiting' | 'closed' }
  | { type: 'addComment'; text: string }
  | { type: 'emailCustomer'; subject: string; body: string }
  | { type: 'pin'; pinned: boolean }
  | { type: 'webhook'; url: string };

export interface RuleDefinition {
  name: string;
  /** Personal rules belong to an agent and only ever act on that agent's tickets. */
  ownerId: number | null;
  trigger: RuleTrigger;
  conditions: Conditions;
  actions: RuleAction[];
}

/** A rule version as the ticket workflow holds it; the webhook secret stays in the database. */
export interface AutomationRule extends RuleDefinition {
  id: number;
  version: number;
}

/** Who made an automatic change: recorded with the change so history names rule and version. */
export interface RuleCause {
  ruleId: number;
  ruleVersion: number;
  ruleName: string;
  trigger: string;
}

/** The event triggers an applied event raises. */
export function eventTriggers(before: TicketState, event: TicketEvent, after: TicketState): EventTrigger[] {
  const triggers = new Set<EventTrigger>();
  switch (event.type) {
    case 'customerReplied':
      triggers.add('messageIn');
      break;
    case 'agentReplied':
      triggers.add('messageOut');
      break;
    case 'commentAdded':
      triggers.add('commentAdded');
      break;
    case 'transferred':
      triggers.add('transferred');
      break;
    case 'followUpScheduled':
      triggers.add('followUpScheduled');
      break;
    case 'followUpDue':
      triggers.add('followUpDue');
      break;
    case 'idleWarning':
    case 'idleCritical':
      triggers.add('idle');
      break;
    default:
      break;
  }
  if (before.priority !== after.priority) triggers.add('priorityChanged');
  if (before.status !== after.status) triggers.add('statusChanged');
  return [...triggers];
}

/** Rules of `trigger` whose conditions hold, in order; personal rules only on their owner's tickets. */
export function firingRules(
  rules: readonly AutomationRule[],
  trigger: EventTrigger,
  facts: TicketFacts,
  skip: readonly number[],
): AutomationRule[] {
  return rules.filter(
    (rule) =>
      rule.trigger.on === trigger &&
      !skip.includes(rule.id) &&
      appliesTo(rule, facts.ticket) &&
      matchesConditions(rule.conditions, facts),
  );
}

export const appliesTo = (rule: AutomationRule, ticket: TicketState) =>
  rule.ownerId === null || rule.ownerId === ticket.agentId;

export interface RuleTimer {
  at: number;
  ruleId: number;
  /** Names the occurrence: each rule fires once per key. */
  key: string;
}

/** When each time-based rule is next due for this ticket, skipping occurrences already fired. */
export function ruleTimers(
  rules: readonly AutomationRule[],
  ticket: TicketState,
  report: SlaReport,
  fired: readonly string[],
): RuleTimer[] {
  const timers: RuleTimer[] = [];
  const add = (rule: AutomationRule, at: number, occurrence: string) => {
    const key = `${rule.id}@${occurrence}`;
    if (!fired.includes(key)) timers.push({ at, ruleId: rule.id, key });
  };
  for (const rule of rules) {
    if (!appliesTo(rule, ticket)) continue;
    const trigger = rule.trigger;
    if (trigger.on === 'idleFor') {
      if (ticket.status === 'active' && ticket.idleSince !== null)
        add(rule, ticket.idleSince + trigger.afterMs, `idle:${ticket.idleSince}`);
    } else if (trigger.on === 'afterBreach' || trigger.on === 'beforeDue') {
      for (const clock of report.clocks) {
        if (trigger.target !== null && clock.target !== trigger.target) continue;
        const occurrence = `${clock.target}:${clock.cycle}`;
        if (trigger.on === 'afterBreach' && clock.breachedAt !== null && clock.fulfilledAt === null)
          add(rule, clock.breachedAt + trigger.afterMs, `breach:${occurrence}`);
        if (trigger.on === 'beforeDue' && clock.state === 'running' && clock.dueAt !== null)
          add(rule, clock.dueAt - trigger.beforeMs, `due:${occurrence}`);
      }
    }
  }
  return timers.sort((a, b) => a.at - b.at);
}

/** Placeholders a rule's customer email may use. */
export const TEMPLATE_PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
] as const;

/** Fills `{{ticket.number}}`-style placeholders; unknown ones are left as written (the API rejects them). */
export function renderTemplate(text: string, ticket: TicketState): string {
  const values: Record<string, string> = {
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
  };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
