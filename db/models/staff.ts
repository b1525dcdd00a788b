import { Model } from 'objection';
import { Group } from './group';

export const STAFF_ROLES = ['admin', 'manager', 'agent', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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
