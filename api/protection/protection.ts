import type { Knex } from 'knex';
import { hashedKey, postgresLimiter } from './limiters';
import { createLoginLockout } from './login-lockout';
import type { ProtectionSettings } from './settings';

/** The lockout and rate limiters of one API node; their state is in PostgreSQL, shared by all nodes. */
export function createProtection(knex: Knex, settings: ProtectionSettings) {
  const window = settings.windowSeconds;
  const lockout = createLoginLockout(knex, settings.lockout);
  const login = {
    byAddress: postgresLimiter(knex, 'login-address', settings.login.perAddress, window),
    byAccount: postgresLimiter(knex, 'login-account', settings.login.perAccount, window),
  };
  return {
    settings,
    lockout,
    login,
    api: {
      bySession: postgresLimiter(knex, 'api-session', settings.api.perSession, window),
      byAddress: postgresLimiter(knex, 'api-address', settings.api.perAddress, window),
    },
    /** An administrator's unlock: the failures, the lock and the account's login attempts are forgotten. */
    async unlockAccount(email: string): Promise<void> {
      await Promise.all([lockout.clear(email), login.byAccount.delete(hashedKey(email))]);
    },
  };
}

export type Protection = ReturnType<typeof createProtection>;
