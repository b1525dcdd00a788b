import type { Knex } from 'knex';
import type { TicketState } from '../workflows/domain/ticket';

export interface TicketReadModelDeps {
  knex: Knex;
}

const instant = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs));

/** The `tickets` row of a state, in database column names. */
function ticketRow(state: TicketState) {
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
  };
}

/** Writes the ticket workflow's state to PostgreSQL, the only writer of the `tickets` rows. */
export function createTicketReadModelActivities({ knex }: TicketReadModelDeps) {
  return {
    /**
     * Upserts the ticket row, its pending follow-ups, and makes the messages the workflow accepted
     * visible. Retries and out-of-order completions are harmless: a row only moves to a higher version.
     */
    async projectTicket(state: TicketState, acceptedMessageIds: string[]): Promise<void> {
      const row = ticketRow(state);
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
        }
        if (acceptedMessageIds.length > 0) {
          await trx('messages').whereIn('id', acceptedMessageIds).update({ accepted: true });
        }
      });
    },
  };
}
