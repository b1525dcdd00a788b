import { Model } from 'objection';

export type MessageKind = 'customer' | 'agent' | 'internal';

export class Message extends Model {
  static override tableName = 'messages';
  id!: string;
  ticketNumber!: number;
  kind!: MessageKind;
  staffId!: number | null;
  customerId!: number | null;
  body!: string;
  idempotencyKey!: string | null;
  accepted!: boolean;
  createdAt!: Date;
}
