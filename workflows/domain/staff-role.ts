export const STAFF_ROLES = ['admin', 'manager', 'agent', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
