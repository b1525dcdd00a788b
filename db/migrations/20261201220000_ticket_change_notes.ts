import type { Knex } from 'knex';

/** A change may carry a note in words: a problem the workflow met and what it did about it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ticket_changes', (t) => {
    t.text('note');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ticket_changes', (t) => {
    t.dropColumn('note');
  });
}
