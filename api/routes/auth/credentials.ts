import argon2 from 'argon2';
import type { Context } from 'koa';
import { Staff } from '../../../db/models/staff';
import { Problem, unauthorized } from '../../errors';
import { addressKey, consume, hashedKey } from '../../protection/limiters';
import type { Protection } from '../../protection/protection';

// Verifying against a real hash when the email is unknown keeps both failures equally slow.
const decoyHash = argon2.hash('duradesk-decoy-password');

function accountLocked(ctx: Context, until: Date): Problem {
  ctx.set('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
  return new Problem(
    423,
    'account_locked',
    'Account locked',
    `Too many failed logins: this account is locked until ${until.toISOString()}. Try again then, or ask an administrator to unlock it.`,
    { lockedUntil: until.toISOString() },
  );
}

/**
 * The staff member behind an email and password, or a problem: 429 over a login rate limit, 423 while
 * the account is locked, 401 for a wrong email or password. Limits and lock are checked before the
 * password is hashed, so floods and locked accounts cost no hashing. An unknown email is treated as a
 * known one in every step (counted, locked, same answers), so no answer tells whether it exists.
 */
export async function checkCredentials(
  protection: Protection,
  ctx: Context,
  credentials: { email: string; password: string },
): Promise<Staff> {
  const email = credentials.email.toLowerCase();
  await consume(ctx, protection.login.byAddress, addressKey(ctx.ip), 'login attempts from this address');
  await consume(ctx, protection.login.byAccount, hashedKey(email), 'login attempts for this account');
  const lockedUntil = await protection.lockout.lockedUntil(email);
  if (lockedUntil) throw accountLocked(ctx, lockedUntil);

  const staff = await Staff.query().findOne({ email });
  const valid = await argon2.verify(staff?.passwordHash ?? (await decoyHash), credentials.password);
  if (staff && valid) {
    await protection.lockout.clear(email);
    return staff;
  }
  const nowLocked = await protection.lockout.recordFailure(email);
  if (nowLocked) throw accountLocked(ctx, nowLocked);
  throw unauthorized('Wrong email or password.');
}
