import type { Knex } from 'knex';
import type { RuleCause } from '../workflows/domain/automation-rule';
import { emptySlaReport, type SlaReport } from '../workflows/domain/sla-clock';
import type { SlaTargetKind } from '../workflows/domain/sla-policy';
import { type TicketState, upgradeState } from '../workflows/domain/ticket';

export interface TicketReadModelDeps {
  knex: Knex;
}

const instant = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs));

/** What changed a ticket to this version, for its change log: an event, by a person or a rule. */
export interface TicketChange {
  event: string;
  staffId: number | null;
  cause: RuleCause | null;
  /** Words for the log beyond the event: a problem met and what was done about it. */
  note?: string | null;
}

/** The running clock of a target: its due time; the first one listed when several cycles exist. */
function dueOf(report: SlaReport, target: SlaTargetKind): Date | null {
  const clock = report.clocks.find((candidate) => candidate.target === target && candidate.dueAt !== null);
  return instant(clock?.dueAt ?? null);
}

/** The `tickets` row of a state, in database column names. */
function ticketRow(state: TicketState, sla: SlaReport) {
  return {
    number: state.number,
    brand_id: state.brandId,
    department_id: state.departmentId,
    group_id: state.groupId,
    customer_id: state.customerId,
    agent_id: state.agentId,
    subject: state.subject,
    channel: state.channel,
    status: state.status,
    priority: state.priority,
    pinned: state.pinned,
    version: state.version,
    created_at: instant(state.createdAt),
    updated_at: instant(state.updatedAt),
    closed_at: instant(state.closedAt),
    follow_up_at: instant(state.followUps[0]?.dueAt ?? null),
    waiting_since: instant(state.waitingSince),
    idle_since: instant(state.idleSince),
    idle_warning_at: instant(state.alerts.idleWarningAt),
    idle_critical_at: instant(state.alerts.idleCriticalAt),
    duration_warning_at: instant(state.alerts.durationWarningAt),
    duration_critical_at: instant(state.alerts.durationCriticalAt),
    organization_id: state.organizationId,
    custom_fields: JSON.stringify(state.customFields),
    sla_policy_id: state.sla.applied?.policyId ?? null,
    sla_policy_version: state.sla.applied?.version ?? null,
    sla_due_at: instant(sla.dueAt),
    first_response_due_at: dueOf(sla, 'firstResponse'),
    next_response_due_at: dueOf(sla, 'nextResponse'),
    resolution_due_at: dueOf(sla, 'resolution'),
    sla_breached: sla.breached,
    sla: JSON.stringify(sla.clocks),
  };
}

/** One `sla_clocks` row per clock and cycle, for the compliance report. */
function clockRows(state: TicketState, sla: SlaReport) {
  const applied = state.sla.applied;
  if (applied === null) return [];
  return sla.clocks
    .filter((clock) => clock.startedAt !== null)
    .map((clock) => ({
      ticketNumber: state.number,
      target: clock.target,
      cycle: clock.cycle,
      ticketVersion: state.version,
      policyId: applied.policyId,
      policyVersion: applied.version,
      departmentId: state.departmentId,
      groupId: state.groupId,
      agentId: state.agentId,
      state: clock.state,
      startedAt: instant(clock.startedAt),
      dueAt: instant(clock.dueAt),
      fulfilledAt: instant(clock.fulfilledAt),
      breachedAt: instant(clock.breachedAt),
      elapsedMs: clock.elapsedMs,
    }));
}

/** Writes the ticket workflow's state to PostgreSQL, the only writer of the `tickets` rows. */
export function createTicketReadModelActivities({ knex }: TicketReadModelDeps) {
  return {
    /**
     * Upserts the ticket row, its pending follow-ups, and makes the messages the workflow accepted
     * visible. Retries and out-of-order completions are harmless: a row only moves to a higher version.
     */
    async projectTicket(
      carried: TicketState,
      acceptedMessageIds: string[],
      sla: SlaReport = emptySlaReport,
      change: TicketChange | null = null,
    ): Promise<void> {
      // Activities scheduled by runs older than a field arrive without it.
      const state = upgradeState(carried);
      const row = ticketRow(state, sla);
      const columns = Object.keys(row);
      await knex.transaction(async (trx) => {
        const written = await trx.raw(
          `insert into tickets (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
           on conflict (number) do update set ${columns
             .filter((column) => column !== 'number')
             .map((column) => `${column} = excluded.${column}`)
             .join(', ')}
           where tickets.version < excluded.version`,
          Object.values(row),
        );
        if (written.rowCount > 0) {
          await trx('followUps').where({ ticketNumber: state.number }).delete();
          if (state.followUps.length > 0) {
            await trx('followUps').insert(
              state.followUps.map((followUp) => ({
                id: followUp.id,
                ticketNumber: state.number,
                staffId: followUp.agentId,
                dueAt: new Date(followUp.dueAt),
                note: followUp.note,
              })),
            );
          }
          // A policy change may drop targets: the ticket's clocks are replaced as a whole.
          await trx('slaClocks').where({ ticketNumber: state.number }).delete();
          const clocks = clockRows(state, sla);
          if (clocks.length > 0) await trx('slaClocks').insert(clocks);
        }
        if (change !== null) {
          await trx('ticketChanges')
            .insert({
              ticketNumber: state.number,
              version: state.version,
              event: change.event,
              staffId: change.staffId,
              ruleId: change.cause?.ruleId ?? null,
              ruleVersion: change.cause?.ruleVersion ?? null,
              ruleName: change.cause?.ruleName ?? null,
              ruleTrigger: change.cause?.trigger ?? null,
              note: change.note ?? null,
              at: instant(state.updatedAt),
            })
            .onConflict(['ticketNumber', 'version'])
            .ignore();
        }
        if (acceptedMessageIds.length > 0) {
          await trx('messages').whereIn('id', acceptedMessageIds).update({ accepted: true });
        }
      });
    },
  };
}
