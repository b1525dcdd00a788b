import { Model } from 'objection';
import { Group } from './group';

export class Department extends Model {
  static override tableName = 'departments';
  id!: number;
  brandId!: number;
  name!: string;
  position!: number;
  groups?: Group[];

  static override relationMappings = () => ({
    groups: {
      relation: Model.HasManyRelation,
      modelClass: Group,
      join: { from: 'departments.id', to: 'groups.departmentId' },
    },
  });
}
