import type { Knex } from 'knex';

/** Brands, departments, groups, staff with roles and group membership, and their sessions. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('brands', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('slug').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.integer('brand_id').notNullable().references('brands.id');
    t.text('name').notNullable();
    t.integer('position').notNullable().defaultTo(0);
    t.unique(['brand_id', 'name']);
  });
  await knex.schema.createTable('groups', (t) => {
    t.increments('id');
    t.integer('department_id').notNullable().references('departments.id');
    t.text('name').notNullable();
    t.integer('position').notNullable().defaultTo(0);
    t.unique(['department_id', 'name']);
  });
  await knex.schema.createTable('staff', (t) => {
    t.increments('id');
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('password_hash').notNullable();
    t.enu('role', ['admin', 'manager', 'agent', 'auditor'], {
      useNative: true,
      enumName: 'staff_role',
    }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('group_members', (t) => {
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('staff_id').notNullable().references('staff.id').onDelete('CASCADE');
    t.primary(['group_id', 'staff_id']);
  });
  await knex.schema.createTable('sessions', (t) => {
    // Only a hash of the token is stored, so a database leak does not leak sessions.
    t.text('token_hash').primary();
    t.integer('staff_id').notNullable().references('staff.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sessions', 'group_members', 'staff', 'groups', 'departments', 'brands']) {
    await knex.schema.dropTable(table);
  }
  await knex.raw('drop type staff_role');
}
