import type { Knex } from 'knex';
import type { MessageKind } from '../../../db/models/message';

export interface NewMessage {
  ticketNumber: number;
  kind: MessageKind;
  body: string;
  staffId?: number;
  customerId?: number;
  /** Scoped by the caller so two commands never share a key. */
  idempotencyKey?: string;
}

export interface StoredMessage {
  id: string;
  ticketNumber: number;
  accepted: boolean;
}

/**
 * Stores a message before its workflow hears of it (histories carry only its id). With an
 * idempotency key, a retried request gets the message its first attempt stored.
 */
export async function storeMessage(knex: Knex, message: NewMessage): Promise<StoredMessage> {
  const columns = ['id', 'ticketNumber', 'accepted'];
  const [inserted] = await knex('messages')
    .insert(message)
    .onConflict('idempotencyKey')
    .ignore()
    .returning(columns);
  if (inserted) return inserted;
  return knex('messages').where({ idempotencyKey: message.idempotencyKey }).first(columns);
}

/** Removes a message its workflow refused, so nothing half-written stays behind. */
export async function discardMessage(knex: Knex, id: string): Promise<void> {
  await knex('messages').where({ id, accepted: false }).delete();
}

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
