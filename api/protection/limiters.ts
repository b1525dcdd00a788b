import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Knex } from 'knex';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { Problem } from '../errors';

/** The table every limiter shares (created by the login-protection migration, keys carry a prefix). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * A fixed-window limiter stored in PostgreSQL, so every API node counts the same requests. Once a key is
 * over its limit, this node answers from memory until the window ends (no database round trip per
 * refused request); if PostgreSQL fails, an in-memory limiter of the same size stands in.
 */
export function postgresLimiter(knex: Knex, keyPrefix: string, points: number, duration: number) {
  return new RateLimiterPostgres({
    storeClient: knex,
    storeType: 'knex',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix,
    points,
    duration,
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

export type Limiter = ReturnType<typeof postgresLimiter>;

/**
 * The key of a client address: IPv4 as is (also when mapped into IPv6), IPv6 by its /64, which one
 * subscriber usually holds whole, so rotating through it gains nothing.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${prefix.map((part) => part.toString(16)).join(':')}::/64`;
}

/** A hashed key for a secret or personal value (session token, email): nothing readable is stored. */
export const hashedKey = (value: string) => createHash('sha256').update(value).digest('hex');

/** A 429 problem with Retry-After, in whole seconds. */
export function rateLimited(
  ctx: { set(field: string, value: string): void },
  msBeforeNext: number,
  what: string,
): Problem {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  ctx.set('Retry-After', String(seconds));
  return new Problem(
    429,
    'rate_limited',
    'Too many requests',
    `Too many ${what}: try again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}

/** Counts one request against `limiter`; throws a 429 problem when the key is over its limit. */
export async function consume(
  ctx: { set(field: string, value: string): void },
  limiter: Limiter,
  key: string,
  what: string,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(ctx, error.msBeforeNext, what);
    throw error;
  }
}
