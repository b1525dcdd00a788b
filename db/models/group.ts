import { Model } from 'objection';

export class Group extends Model {
  static override tableName = 'groups';
  id!: number;
  departmentId!: number;
  name!: string;
  position!: number;
}
