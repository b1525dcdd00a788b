import type { Middleware } from 'koa';
import helmet from 'koa-helmet';
import { type ProtectionSettings, servedOverHttps } from '../protection/settings';

/**
 * Helmet's headers on every answer, API and web app alike: nosniff, no referrer, no framing
 * (`frame-ancestors 'none'`), and a content security policy the web app and /docs live within (their
 * scripts and styles are files of our own, the socket goes to the same host). HSTS and
 * upgrade-insecure-requests only when the public URL is HTTPS: on plain HTTP they would break the app.
 */
export function securityHeaders(settings: Pick<ProtectionSettings, 'publicUrl'>): Middleware {
  const https = servedOverHttps(settings);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
  });
}
