import type { ProtectionSettings } from '../../api/protection/settings';

/**
 * Limits far above what any test file or the bench does (many log in often from 127.0.0.1, and all
 * share the database the counters live in); tests of the limits themselves pass tight ones.
 */
export const testProtection: ProtectionSettings = {
  publicUrl: 'http://127.0.0.1:3000',
  trustedProxyHops: 0,
  lockout: { failures: 1_000, seconds: 300 },
  windowSeconds: 60,
  login: { perAddress: 100_000, perAccount: 100_000 },
  api: { perSession: 1_000_000, perAddress: 1_000_000 },
};
