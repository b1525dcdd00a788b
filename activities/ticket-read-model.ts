import type { Knex } from 'knex';
import type { TicketState } from '../workflows/domain/ticket';

export interface TicketReadModelDeps {
  knex: Knex;
}

/** Writes the ticket workflow's state to PostgreSQL, the only writer of the `tickets` rows. */
export function createTicketReadModelActivities({ knex }: TicketReadModelDeps) {
  return {
    /**
     * Upserts the ticket row and makes the messages the workflow accepted visible. Retries and
     * out-of-order completions are harmless: a row only moves to a higher version.
     */
    async projectTicket(state: TicketState, acceptedMessageIds: string[]): Promise<void> {
      const row = {
        number: state.number,
        brand_id: state.brandId,
        department_id: state.departmentId,
        group_id: state.groupId,
        customer_id: state.customerId,
        subject: state.subject,
        channel: state.channel,
        status: state.status,
        version: state.version,
        created_at: new Date(state.createdAt),
        updated_at: new Date(state.updatedAt),
        closed_at: state.closedAt === null ? null : new Date(state.closedAt),
      };
      await knex.transaction(async (trx) => {
        await trx.raw(
          `insert into tickets (${Object.keys(row).join(', ')}) values (${Object.keys(row)
            .map(() => '?')
            .join(', ')})
           on conflict (number) do update set ${Object.keys(row)
             .filter((column) => column !== 'number')
             .map((column) => `${column} = excluded.${column}`)
             .join(', ')}
           where tickets.version < excluded.version`,
          Object.values(row),
        );
        if (acceptedMessageIds.length > 0) {
          await trx('messages').whereIn('id', acceptedMessageIds).update({ accepted: true });
        }
      });
    },
  };
}
