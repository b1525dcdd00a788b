import type { Knex } from 'knex';

/**
 * Ticket search: full-text indexes over subjects and accepted message bodies, and indexes for the
 * customer filter and the queues' sort orders. Expression indexes rather than stored tsvector
 * columns, so the read-model writer and `select *` stay unchanged. The expressions must match
 * db/ticket-search.ts word for word, or the planner will not use them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    "create index tickets_subject_search_idx on tickets using gin (to_tsvector('english', subject))",
  );
  // Only accepted messages are searchable: a refused one is about to be removed.
  await knex.raw(
    "create index messages_body_search_idx on messages using gin (to_tsvector('english', body)) where accepted",
  );
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['customer_id'], 'tickets_customer_id_idx');
    t.index(['pinned', 'updated_at'], 'tickets_pinned_updated_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['pinned', 'updated_at'], 'tickets_pinned_updated_at_idx');
    t.dropIndex(['customer_id'], 'tickets_customer_id_idx');
  });
  await knex.raw('drop index messages_body_search_idx');
  await knex.raw('drop index tickets_subject_search_idx');
}
