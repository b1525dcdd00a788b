import { Model } from 'objection';
import type { StaffRole } from '../../workflows/domain/staff-role';
import { Group } from './group';

export { STAFF_ROLES, type StaffRole } from '../../workflows/domain/staff-role';

export class Staff extends Model {
  static override tableName = 'staff';
  id!: number;
  email!: string;
  name!: string;
  passwordHash!: string;
  role!: StaffRole;
  createdAt!: Date;
  groups?: Group[];

  static override relationMappings = () => ({
    groups: {
      relation: Model.ManyToManyRelation,
      modelClass: Group,
      join: {
        from: 'staff.id',
        through: { from: 'groupMembers.staffId', to: 'groupMembers.groupId' },
        to: 'groups.id',
      },
    },
  });
}
