import type { Knex } from 'knex';

/** Customers, the ticket read model (written only by the ticket workflow's activities) and messages. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.text('email').notNullable().unique();
    t.text('name');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Numbers are taken before the workflow `ticket-<n>` starts, so they come from a sequence.
  await knex.raw('create sequence ticket_numbers start 1000');
  await knex.schema.createTable('tickets', (t) => {
    t.integer('number').primary();
    t.integer('brand_id').notNullable().references('brands.id');
    t.integer('department_id').notNullable().references('departments.id');
    t.integer('group_id').notNullable().references('groups.id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.text('subject').notNullable();
    t.text('channel').notNullable();
    t.enu('status', ['active', 'waiting', 'closed'], {
      useNative: true,
      enumName: 'ticket_status',
    }).notNullable();
    t.integer('version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.index(['status', 'updated_at']);
    t.index(['group_id', 'status']);
  });
  await knex.schema.createTable('messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // No foreign key: a ticket's first message is stored before its workflow writes the ticket row.
    t.integer('ticket_number').notNullable().index();
    t.enu('kind', ['customer', 'agent', 'internal'], {
      useNative: true,
      enumName: 'message_kind',
    }).notNullable();
    t.integer('staff_id').references('staff.id');
    t.integer('customer_id').references('customers.id');
    t.text('body').notNullable();
    // A retried request finds its first attempt's message instead of posting twice.
    t.text('idempotency_key').unique();
    // False until the ticket workflow accepts the message; refused messages are removed.
    t.boolean('accepted').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('messages');
  await knex.schema.dropTable('tickets');
  await knex.schema.dropTable('customers');
  await knex.raw('drop sequence ticket_numbers');
  await knex.raw('drop type ticket_status');
  await knex.raw('drop type message_kind');
}
