import type { Knex } from 'knex';

/**
 * Business calendars, SLA policies and automation rules (each edit a new version, kept for the tickets
 * and reports that ran under it), the SLA columns of the ticket read model, one row per SLA clock for
 * reports, the change log that names who or which rule changed a ticket, and webhook deliveries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('business_calendars', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('time_zone').notNullable();
    // [{ day, open, close }] in local wall-clock time; holidays as 'YYYY-MM-DD' or yearly 'MM-DD'.
    t.jsonb('ranges').notNullable();
    t.jsonb('holidays').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  for (const table of ['brands', 'departments']) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('calendar_id').references('business_calendars.id');
    });
  }

  await knex.schema.createTable('sla_policies', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    // Lower first: the first enabled policy whose conditions match applies.
    t.integer('position').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.jsonb('conditions').notNullable();
    t.jsonb('targets').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });
  await knex.schema.createTable('sla_policy_versions', (t) => {
    t.integer('policy_id').notNullable().references('sla_policies.id');
    t.integer('version').notNullable();
    t.text('name').notNullable();
    t.jsonb('conditions').notNullable();
    t.jsonb('targets').notNullable();
    t.integer('created_by').references('staff.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['policy_id', 'version']);
  });

  await knex.schema.createTable('automation_rules', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    // Null for a system rule (managers); a staff id for an agent's personal rule.
    t.integer('owner_id').references('staff.id');
    t.integer('position').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.jsonb('trigger').notNullable();
    t.jsonb('conditions').notNullable();
    t.jsonb('actions').notNullable();
    // Signs webhook calls (HMAC-SHA256); never leaves the database except to sign.
    t.text('webhook_secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });
  await knex.schema.createTable('automation_rule_versions', (t) => {
    t.integer('rule_id').notNullable().references('automation_rules.id');
    t.integer('version').notNullable();
    t.text('name').notNullable();
    t.jsonb('trigger').notNullable();
    t.jsonb('conditions').notNullable();
    t.jsonb('actions').notNullable();
    t.integer('created_by').references('staff.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['rule_id', 'version']);
  });

  await knex.schema.alterTable('tickets', (t) => {
    t.integer('sla_policy_id').references('sla_policies.id');
    t.integer('sla_policy_version');
    // The earliest due instant among running, unbreached targets: queues sort by it.
    t.timestamp('sla_due_at', { useTz: true }).index();
    t.timestamp('first_response_due_at', { useTz: true });
    t.timestamp('next_response_due_at', { useTz: true });
    t.timestamp('resolution_due_at', { useTz: true });
    t.boolean('sla_breached').notNullable().defaultTo(false);
    t.jsonb('sla').notNullable().defaultTo('[]');
  });

  // One row per clock and cycle, as the ticket's workflow last reported it: the compliance report's source.
  await knex.schema.createTable('sla_clocks', (t) => {
    t.integer('ticket_number').notNullable();
    t.text('target').notNullable();
    t.integer('cycle').notNullable();
    t.integer('ticket_version').notNullable();
    t.integer('policy_id').notNullable();
    t.integer('policy_version').notNullable();
    t.integer('department_id').notNullable();
    t.integer('group_id').notNullable();
    t.integer('agent_id');
    t.text('state').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('fulfilled_at', { useTz: true });
    t.timestamp('breached_at', { useTz: true });
    t.bigInteger('elapsed_ms').notNullable();
    t.primary(['ticket_number', 'target', 'cycle']);
    t.index(['started_at']);
  });

  await knex.schema.createTable('ticket_changes', (t) => {
    t.bigIncrements('id');
    t.integer('ticket_number').notNullable();
    t.integer('version').notNullable();
    t.text('event').notNullable();
    t.integer('staff_id').references('staff.id');
    t.integer('rule_id');
    t.integer('rule_version');
    t.text('rule_name');
    t.text('rule_trigger');
    t.timestamp('at', { useTz: true }).notNullable();
    t.unique(['ticket_number', 'version']);
  });

  await knex.schema.alterTable('notices', (t) => {
    t.integer('rule_id');
    t.integer('rule_version');
  });
  await knex.schema.alterTable('mail_outbox', (t) => {
    t.integer('customer_id').nullable().alter();
    t.integer('staff_id').references('staff.id');
    t.text('subject');
    t.text('body');
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.text('delivery_key').notNullable().unique();
    t.integer('rule_id').notNullable();
    t.integer('rule_version').notNullable();
    t.integer('ticket_number').notNullable();
    t.text('url').notNullable();
    t.jsonb('payload').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('last_status');
    t.text('last_error');
    t.timestamp('delivered_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.alterTable('mail_outbox', (t) => {
    t.dropColumns('staff_id', 'subject', 'body');
  });
  await knex.schema.alterTable('notices', (t) => {
    t.dropColumns('rule_id', 'rule_version');
  });
  await knex.schema.dropTable('ticket_changes');
  await knex.schema.dropTable('sla_clocks');
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumns(
      'sla_policy_id',
      'sla_policy_version',
      'sla_due_at',
      'first_response_due_at',
      'next_response_due_at',
      'resolution_due_at',
      'sla_breached',
      'sla',
    );
  });
  await knex.schema.dropTable('automation_rule_versions');
  await knex.schema.dropTable('automation_rules');
  await knex.schema.dropTable('sla_policy_versions');
  await knex.schema.dropTable('sla_policies');
  for (const table of ['brands', 'departments']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('calendar_id');
    });
  }
  await knex.schema.dropTable('business_calendars');
}
