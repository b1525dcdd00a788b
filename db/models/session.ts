import { Model } from 'objection';

export class Session extends Model {
  static override tableName = 'sessions';
  static override idColumn = 'tokenHash';
  tokenHash!: string;
  staffId!: number;
  createdAt!: Date;
  expiresAt!: Date;
}
