import { Staff } from '../../../db/models/staff';
import type { ApiDeps } from '../../deps';
import { notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams } from '../../schema/fields';

const Params = idParams('id');

export function staffUnlockRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/staff/:id/unlock',
      tag: 'staff',
      summary:
        'Lift a login lockout: forget the failed logins and login attempts of a staff member (administrators only)',
      roles: ['admin'],
      params: Params,
      status: 204,
      handler: async ({ params, viewer }, ctx) => {
        const staff = await Staff.query().findById(params.id);
        if (!staff) throw notFound(`No staff member with id ${params.id}.`);
        await deps.protection.unlockAccount(staff.email.toLowerCase());
        deps.log.info({ staffId: staff.id, by: viewer.id }, 'login lockout lifted');
        ctx.status = 204;
        return undefined;
      },
    }),
  ];
}
