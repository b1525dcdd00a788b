import type { Knex } from 'knex';
import { ticketNumberOfKey } from './messages';

/**
 * The number of a new ticket: the one a first attempt with the same idempotency key took (its first
 * message is stored under the key), else the next of the `ticket_numbers` sequence.
 */
export async function ticketNumberFor(knex: Knex, idempotencyKey: string | undefined): Promise<number> {
  const previous = idempotencyKey ? await ticketNumberOfKey(knex, idempotencyKey) : undefined;
  if (previous !== undefined) return previous;
  return Number((await knex.raw("select nextval('ticket_numbers') as n")).rows[0].n);
}
