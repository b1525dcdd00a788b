import type { Knex } from 'knex';

/** The table @socket.io/postgres-adapter and its emitter use for payloads too big for NOTIFY. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('socket_io_attachments', (t) => {
    t.bigIncrements('id');
    t.timestamp('created_at', { useTz: true }).defaultTo(knex.fn.now());
    t.binary('payload');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('socket_io_attachments');
}
