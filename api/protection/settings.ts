import type { Env } from '../../config/env';

/** How the API protects itself from abuse; built from the environment, or given by tests. */
export interface ProtectionSettings {
  /** The configured public URL: it decides Secure cookies, HSTS and the Socket.IO origin. */
  publicUrl: string;
  /** Reverse proxies in front of the API whose X-Forwarded-For entries are trusted. */
  trustedProxyHops: number;
  lockout: { failures: number; seconds: number };
  windowSeconds: number;
  login: { perAddress: number; perAccount: number };
  api: { perSession: number; perAddress: number };
}

export function protectionSettings(env: Env): ProtectionSettings {
  return {
    publicUrl: env.publicUrl,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    lockout: { failures: env.LOGIN_LOCKOUT_FAILURES, seconds: env.LOGIN_LOCKOUT_SECONDS },
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    login: { perAddress: env.LOGIN_RATE_PER_ADDRESS, perAccount: env.LOGIN_RATE_PER_ACCOUNT },
    api: { perSession: env.API_RATE_PER_SESSION, perAddress: env.API_RATE_PER_ADDRESS },
  };
}

/** Whether browsers reach the API over HTTPS (TLS may end at a proxy: the configured URL is the truth). */
export const servedOverHttps = (settings: Pick<ProtectionSettings, 'publicUrl'>) =>
  new URL(settings.publicUrl).protocol === 'https:';
