import type { Knex } from 'knex';

/**
 * Ownership and distribution: the ticket's agent, agents receiving per group, each group's method,
 * the departments a manager manages, each department's default reply status, and links between tickets.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('agent_id').references('staff.id');
    t.index(['agent_id', 'status']);
  });
  await knex.schema.alterTable('group_members', (t) => {
    // Whether the agent takes new tickets of this group now; they also must be logged in.
    t.boolean('receiving').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('groups', (t) => {
    t.enu('distribution', ['round-robin', 'fewest-open', 'none'], {
      useNative: true,
      enumName: 'distribution_method',
    })
      .notNullable()
      .defaultTo('round-robin');
    // Round robin resumes after the agent who got the last ticket.
    t.integer('last_assigned_staff_id').references('staff.id');
  });
  await knex.schema.alterTable('departments', (t) => {
    t.enu('default_reply_status', ['active', 'waiting'], { useNative: true, enumName: 'reply_status' })
      .notNullable()
      .defaultTo('waiting');
  });
  await knex.schema.createTable('department_managers', (t) => {
    t.integer('department_id').notNullable().references('departments.id').onDelete('CASCADE');
    t.integer('staff_id').notNullable().references('staff.id').onDelete('CASCADE');
    t.primary(['department_id', 'staff_id']);
  });
  await knex.schema.createTable('ticket_links', (t) => {
    t.integer('ticket_number').notNullable();
    t.integer('linked_number').notNullable();
    // related: both ways; follow-on: a new ticket for mail to a locked one; merged-into: the merge target.
    t.enu('kind', ['related', 'follow-on', 'merged-into'], {
      useNative: true,
      enumName: 'ticket_link_kind',
    }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['ticket_number', 'linked_number', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_links');
  await knex.schema.dropTable('department_managers');
  await knex.schema.alterTable('departments', (t) => t.dropColumn('default_reply_status'));
  await knex.schema.alterTable('groups', (t) => {
    t.dropColumn('distribution');
    t.dropColumn('last_assigned_staff_id');
  });
  await knex.schema.alterTable('group_members', (t) => t.dropColumn('receiving'));
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('agent_id'));
  for (const type of ['ticket_link_kind', 'reply_status', 'distribution_method'])
    await knex.raw(`drop type ${type}`);
}
