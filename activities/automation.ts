import type { Knex } from 'knex';
import { departmentTimings } from '../db/departments';
import { findGroup, firstGroupOf, isMember } from '../db/groups';
import { ticketNumbersOf } from '../db/open-tickets';
import type { AutomationRule, RuleAction, RuleCause } from '../workflows/domain/automation-rule';
import type { BroadcastTarget } from '../workflows/domain/broadcast';
import type { BusinessCalendar } from '../workflows/domain/business-calendar';
import type { AppliedSla } from '../workflows/domain/sla-policy';
import type { TicketState } from '../workflows/domain/ticket';
import { matchesConditions } from '../workflows/domain/ticket-conditions';
import type { TransferTarget } from '../workflows/domain/ticket-events';

export interface AutomationDeps {
  knex: Knex;
}

/** What a ticket runs under: its SLA policy version, its calendar and the rules that may act on it. */
export interface LoadedAutomation {
  sla: AppliedSla | null;
  calendar: BusinessCalendar | null;
  rules: AutomationRule[];
}

export function createAutomationActivities({ knex }: AutomationDeps) {
  /** The department's calendar, else its brand's; null means 24/7 (SLA.md rule 8). */
  async function calendarOf(ticket: TicketState): Promise<BusinessCalendar | null> {
    const row = await knex('departments as d')
      .join('brands as b', 'b.id', 'd.brandId')
      .leftJoin('businessCalendars as c', 'c.id', knex.raw('coalesce(d.calendar_id, b.calendar_id)'))
      .where('d.id', ticket.departmentId)
      .first('c.timeZone', 'c.ranges', 'c.holidays');
    if (!row?.timeZone) return null;
    return { timeZone: row.timeZone, ranges: row.ranges, holidays: row.holidays };
  }

  return {
    /** The first enabled policy whose conditions match, in order, and the rules in force now. */
    async loadAutomation(ticket: TicketState): Promise<LoadedAutomation> {
      const calendar = await calendarOf(ticket);
      const policies = await knex('slaPolicies')
        .whereNull('deletedAt')
        .where({ enabled: true })
        .orderBy('position')
        .orderBy('id');
      const facts = { ticket, body: null, calendar, now: ticket.updatedAt };
      const policy = policies.find((candidate) => matchesConditions(candidate.conditions, facts));
      const rules = await knex('automationRules')
        .whereNull('deletedAt')
        .where({ enabled: true })
        .orderBy('position')
        .orderBy('id')
        .select('id', 'version', 'name', 'ownerId', 'trigger', 'conditions', 'actions');
      return {
        sla: policy
          ? {
              policyId: policy.id,
              version: policy.version,
              name: policy.name,
              targets: policy.targets,
              calendar,
            }
          : null,
        calendar,
        rules,
      };
    },

    /**
     * One page of a broadcast: numbers of its target tickets after `after`, in order. Runs recorded
     * before broadcasts had targets pass none: every open ticket.
     */
    openTicketNumbers(after: number, limit: number, target: BroadcastTarget = { kind: 'open' }) {
      return ticketNumbersOf(knex, target, after, limit);
    },

    /** A message's text, for rules with body conditions; histories carry ids, not bodies. */
    async readMessageText(messageId: string): Promise<string> {
      const row = await knex('messages').where({ id: messageId }).first('body');
      return row?.body ?? '';
    },

    /** Stores a rule's internal comment once per `key`, and returns its message id. */
    async storeRuleComment(
      ticketNumber: number,
      text: string,
      cause: RuleCause,
      key: string,
    ): Promise<string> {
      const body = `${text}\n\n— rule "${cause.ruleName}" (#${cause.ruleId} v${cause.ruleVersion})`;
      const [row] = await knex('messages')
        .insert({ ticketNumber, kind: 'internal', body, idempotencyKey: key })
        .onConflict('idempotencyKey')
        .merge(['idempotencyKey'])
        .returning('id');
      return row.id;
    },

    /**
     * Where a rule's transfer sends the ticket now: the group (or the department's first group), the agent
     * if still a member; null when the target no longer exists, so the action is skipped, not failed.
     */
    async resolveRuleTransfer(
      ticket: TicketState,
      action: Extract<RuleAction, { type: 'transfer' }>,
    ): Promise<TransferTarget | null> {
      const group =
        action.groupId !== null
          ? await findGroup(knex, action.groupId)
          : action.departmentId !== null
            ? await firstGroupOf(knex, action.departmentId)
            : { id: ticket.groupId, departmentId: ticket.departmentId };
      if (!group) return null;
      if (action.agentId !== null && !(await isMember(knex, group.id, action.agentId))) return null;
      const departmentChanges = group.departmentId !== ticket.departmentId;
      return {
        departmentId: group.departmentId,
        groupId: group.id,
        agentId: action.agentId,
        timings: departmentChanges ? await departmentTimings(knex, group.departmentId) : null,
      };
    },
  };
}
