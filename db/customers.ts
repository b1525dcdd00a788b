import type { Knex } from 'knex';

/** The customer with this email (case-insensitive), created on first contact; a given name is kept. */
export async function findOrCreateCustomer(knex: Knex, email: string, name?: string): Promise<number> {
  const [row] = await knex('customers')
    .insert({ email: email.toLowerCase(), name: name ?? null })
    .onConflict('email')
    .merge(name ? ['name'] : ['email'])
    .returning('id');
  return row.id;
}

/**
 * The customer's organization: the one they belong to, else the one whose domains include their email's
 * domain (remembered for the customer), else none.
 */
export async function organizationOf(knex: Knex, customerId: number): Promise<number | null> {
  const customer = await knex('customers').where({ id: customerId }).first('email', 'organizationId');
  if (customer.organizationId !== null) return customer.organizationId;
  const domain = String(customer.email).split('@').pop()!;
  const organization = await knex('organizations')
    .whereRaw('domains \\? ?', [domain])
    .orderBy('id')
    .first('id');
  if (!organization) return null;
  await knex('customers').where({ id: customerId }).update({ organizationId: organization.id });
  return organization.id;
}
