/**
 * The automation a ticket workflow holds besides its state: the rules in force, its calendar, and the
 * time-based rule occurrences already fired. Pure functions say when the workflow must next wake.
 */
import { type AutomationRule, ruleTimers } from './automation-rule';
import type { BusinessCalendar } from './business-calendar';
import { newVerdicts, type SlaReport, slaWakeups } from './sla-clock';
import { isDormant, type TicketState } from './ticket';
import type { TimerEvent } from './ticket-events';

export interface TicketAutomation {
  rules: AutomationRule[];
  calendar: BusinessCalendar | null;
  /** Keys of time-based rule occurrences already fired: each fires once. */
  fired: string[];
}

export const noAutomation: TicketAutomation = { rules: [], calendar: null, fired: [] };

function timedRules(state: TicketState, report: SlaReport, automation: TicketAutomation) {
  return isDormant(state.status) ? [] : ruleTimers(automation.rules, state, report, automation.fired);
}

/** The next instant an SLA warning or breach, or a time-based rule, comes due; null when none. */
export function automationWakeup(
  state: TicketState,
  report: SlaReport,
  automation: TicketAutomation,
): number | null {
  const instants = [...slaWakeups(report), ...timedRules(state, report, automation).map((timer) => timer.at)];
  return instants.length > 0 ? Math.min(...instants) : null;
}

/**
 * What is due at `now`: an SLA check when a verdict is waiting to be given, else the earliest due
 * time-based rule. Each one, once applied, is recorded, so asking again moves on.
 */
export function dueAutomationTimer(
  state: TicketState,
  report: SlaReport,
  automation: TicketAutomation,
  now: number,
): TimerEvent | null {
  if (newVerdicts(report, state.sla.given, now).length > 0) return { type: 'slaCheck' };
  const [timer] = timedRules(state, report, automation);
  return timer && timer.at <= now ? { type: 'ruleDue', ruleId: timer.ruleId, key: timer.key } : null;
}
