import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { StaffRole } from '../db/models/staff';

export interface Viewer {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  groupIds: number[];
  /** Departments a manager manages; empty for other roles. */
  departmentIds: number[];
}

export const SESSION_COOKIE = 'duradesk_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSessions(knex: Knex, ttlHours: number) {
  return {
    async open(staffId: number): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
      await knex('sessions').insert({ tokenHash: hashToken(token), staffId, expiresAt });
      return { token, expiresAt };
    },

    async close(token: string): Promise<void> {
      await knex('sessions')
        .where({ tokenHash: hashToken(token) })
        .delete();
    },

    /** The staff member a live session token belongs to, with their groups; null when unknown or expired. */
    async resolve(token: string): Promise<Viewer | null> {
      const staff = await knex('sessions')
        .join('staff', 'staff.id', 'sessions.staffId')
        .where('sessions.tokenHash', hashToken(token))
        .andWhere('sessions.expiresAt', '>', knex.fn.now())
        .first('staff.id', 'staff.email', 'staff.name', 'staff.role');
      if (!staff) return null;
      const memberships: { groupId: number }[] = await knex('groupMembers')
        .where({ staffId: staff.id })
        .orderBy('groupId')
        .select('groupId');
      const managed: { departmentId: number }[] = await knex('departmentManagers')
        .where({ staffId: staff.id })
        .orderBy('departmentId')
        .select('departmentId');
      return {
        ...staff,
        groupIds: memberships.map((membership) => membership.groupId),
        departmentIds: managed.map((row) => row.departmentId),
      };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Whether the viewer may configure a department: admins any, managers those they manage. */
export const managesDepartment = (viewer: Viewer, departmentId: number) =>
  viewer.role === 'admin' || (viewer.role === 'manager' && viewer.departmentIds.includes(departmentId));
