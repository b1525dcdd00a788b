import { Model } from 'objection';

export class Brand extends Model {
  static override tableName = 'brands';
  id!: number;
  name!: string;
  slug!: string;
  createdAt!: Date;
}
