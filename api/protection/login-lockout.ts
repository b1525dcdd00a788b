import type { Knex } from 'knex';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { hashedKey, RATE_LIMIT_TABLE } from './limiters';

/** Failures count from the first of a series for this long; a success or an unlock clears them sooner. */
const FAILURE_MEMORY_SECONDS = 24 * 3600;

/**
 * Locks an account for `seconds` after `failures` failed logins in a row (seed 004: 10 for 5 minutes).
 * Keyed by the email asked for, known or not, so the answers never tell whether an account exists.
 * The count and the lock live in PostgreSQL, shared by every API node.
 */
export function createLoginLockout(knex: Knex, settings: { failures: number; seconds: number }) {
  const failures = new RateLimiterPostgres({
    storeClient: knex,
    storeType: 'knex',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: 'login-failures',
    points: settings.failures,
    duration: FAILURE_MEMORY_SECONDS,
  });
  return {
    /** Until when the account is locked, or null when it is not. */
    async lockedUntil(email: string): Promise<Date | null> {
      const state = await failures.get(hashedKey(email));
      // A lock stores one point more than the allowed failures (RateLimiter#block).
      if (!state || state.consumedPoints <= settings.failures) return null;
      return new Date(Date.now() + state.msBeforeNext);
    },

    /** Counts a failed login; returns until when the account is now locked, or null. */
    async recordFailure(email: string): Promise<Date | null> {
      const key = hashedKey(email);
      const state = await failures.penalty(key);
      if (state.consumedPoints < settings.failures) return null;
      await failures.block(key, settings.seconds);
      return new Date(Date.now() + settings.seconds * 1000);
    },

    /** Forgets the failures and lifts the lock (a successful login, an administrator's unlock). */
    async clear(email: string): Promise<void> {
      await failures.delete(hashedKey(email));
    },
  };
}

export type LoginLockout = ReturnType<typeof createLoginLockout>;
