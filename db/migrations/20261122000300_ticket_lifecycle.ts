import type { Knex } from 'knex';

/**
 * The full ticket lifecycle: more statuses, priority, pin, follow-ups and alerts in the read model,
 * department timers, staff notices and the customer mail outbox.
 */
export async function up(knex: Knex): Promise<void> {
  // Enum values cannot be added inside a transaction block in older PostgreSQL; knex runs each raw alone.
  for (const status of ['follow-up', 'closed-locked', 'deleted', 'spam']) {
    await knex.raw(`alter type ticket_status add value if not exists '${status}'`);
  }
  await knex.schema.alterTable('tickets', (t) => {
    t.enu('priority', ['low', 'normal', 'high', 'urgent'], { useNative: true, enumName: 'ticket_priority' })
      .notNullable()
      .defaultTo('normal');
    t.boolean('pinned').notNullable().defaultTo(false);
    t.timestamp('follow_up_at', { useTz: true });
    t.timestamp('waiting_since', { useTz: true });
    t.timestamp('idle_since', { useTz: true });
    t.timestamp('idle_warning_at', { useTz: true });
    t.timestamp('idle_critical_at', { useTz: true });
    t.timestamp('duration_warning_at', { useTz: true });
    t.timestamp('duration_critical_at', { useTz: true });
  });
  await knex.schema.createTable('follow_ups', (t) => {
    t.uuid('id').primary();
    t.integer('ticket_number').notNullable().index();
    t.integer('staff_id').notNullable().references('staff.id');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('note').notNullable();
  });
  // Milliseconds per timer, null for off; validated by the API, carried into each ticket workflow.
  await knex.schema.alterTable('departments', (t) => {
    t.jsonb('ticket_timings').notNullable().defaultTo('{}');
  });
  await knex.schema.createTable('notices', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable();
    t.integer('ticket_number').notNullable();
    t.integer('group_id').notNullable();
    t.integer('staff_id').references('staff.id');
    t.text('note');
    // The workflow's key for this effect: a retried activity records it once.
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('mail_outbox', (t) => {
    t.bigIncrements('id');
    t.text('template').notNullable();
    t.integer('ticket_number').notNullable();
    t.integer('customer_id').notNullable().references('customers.id');
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_outbox');
  await knex.schema.dropTable('notices');
  await knex.schema.alterTable('departments', (t) => t.dropColumn('ticket_timings'));
  await knex.schema.dropTable('follow_ups');
  await knex.schema.alterTable('tickets', (t) => {
    for (const column of [
      'priority',
      'pinned',
      'follow_up_at',
      'waiting_since',
      'idle_since',
      'idle_warning_at',
      'idle_critical_at',
      'duration_warning_at',
      'duration_critical_at',
    ]) {
      t.dropColumn(column);
    }
  });
  await knex.raw('drop type ticket_priority');
  // PostgreSQL cannot drop enum values: rebuild ticket_status with the first three.
  await knex.raw("update tickets set status = 'closed' where status not in ('active', 'waiting', 'closed')");
  await knex.raw("create type ticket_status_v1 as enum ('active', 'waiting', 'closed')");
  await knex.raw(
    'alter table tickets alter column status type ticket_status_v1 using status::text::ticket_status_v1',
  );
  await knex.raw('drop type ticket_status');
  await knex.raw('alter type ticket_status_v1 rename to ticket_status');
}
