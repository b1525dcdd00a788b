import type { Knex } from 'knex';
import { Message, type MessageKind } from './models/message';

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

/** The ticket a message stored under `idempotencyKey` belongs to, if one was stored. */
export async function ticketNumberOfKey(knex: Knex, idempotencyKey: string): Promise<number | undefined> {
  const row = await knex('messages').where({ idempotencyKey }).first('ticketNumber');
  return row?.ticketNumber;
}

/** What a ticket shows: the messages its workflow accepted, oldest first. */
export async function acceptedMessages(ticketNumber: number): Promise<Message[]> {
  return await Message.query()
    .where({ ticketNumber, accepted: true })
    .orderBy([{ column: 'createdAt' }, { column: 'id' }]);
}

/** The first message of a ticket (the one it was opened with). */
export async function firstMessageId(knex: Knex, ticketNumber: number): Promise<string> {
  const row = await knex('messages')
    .where({ ticketNumber })
    .orderBy([{ column: 'createdAt' }, { column: 'id' }])
    .first('id');
  return row.id;
}
