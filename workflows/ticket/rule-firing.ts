import { type EventTrigger, firingRules } from '../domain/automation-rule';
import type { TicketAutomation } from '../domain/ticket-automation';
import { needsBody } from '../domain/ticket-conditions';
import { readMessageText } from './activities';
import { runRuleActions, type TicketRuntime } from './rule-actions';

/** Which rules fire on a ticket's events and timers, over the rules the ticket workflow has loaded. */
export function ruleFiring(ticket: TicketRuntime, automation: () => TicketAutomation) {
  return {
    /**
     * Runs the rules each trigger fires, in order; rules already in `chain` do not fire again (no loops).
     * `version` is the ticket version of the event that fired them, which keys what their actions record.
     */
    async fireRules(triggers: EventTrigger[], messageId: string | null, chain: number[], version: number) {
      let body: string | null = null;
      for (const trigger of triggers) {
        const { rules, calendar } = automation();
        const candidates = rules.filter((rule) => rule.trigger.on === trigger);
        if (candidates.length === 0) continue;
        if (body === null && messageId !== null && candidates.some((rule) => needsBody(rule.conditions)))
          body = await readMessageText(messageId);
        const facts = { ticket: ticket.state(), body, calendar, now: Date.now() };
        for (const rule of firingRules(candidates, trigger, facts, chain))
          await runRuleActions(ticket, rule, trigger, chain, version);
      }
    },

    /** A time-based rule's occurrence came due: it acts if its conditions hold now. */
    async fireTimedRule(ruleId: number, version: number): Promise<void> {
      const { rules, calendar } = automation();
      const rule = rules.find((candidate) => candidate.id === ruleId);
      if (!rule) return;
      const facts = { ticket: ticket.state(), body: null, calendar, now: Date.now() };
      if (firingRules([rule], rule.trigger.on as EventTrigger, facts, []).length > 0)
        await runRuleActions(ticket, rule, rule.trigger.on, [rule.id], version);
    },
  };
}
