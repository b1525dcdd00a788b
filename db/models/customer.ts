import { Model } from 'objection';

export class Customer extends Model {
  static override tableName = 'customers';
  id!: number;
  email!: string;
  name!: string | null;
  createdAt!: Date;
}
