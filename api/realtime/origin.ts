import type { IncomingMessage } from 'node:http';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The browser origins allowed to open a socket: the public URL's, and when that is a loopback address,
 * its other loopback spellings (the demo prints 127.0.0.1, people type localhost).
 */
export function allowedOrigins(publicUrl: string): Set<string> {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  if (LOOPBACK.includes(url.hostname)) {
    for (const host of LOOPBACK) origins.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
  }
  return origins;
}

/**
 * Socket.IO's allowRequest: a handshake from another site's page is refused (cross-site WebSocket
 * hijacking would ride on the session cookie); without an Origin header it is not a browser page, and a
 * token or cookie still decides.
 */
export function checkOrigin(publicUrl: string) {
  const allowed = allowedOrigins(publicUrl);
  return (request: IncomingMessage, callback: (error: string | null, success: boolean) => void) => {
    const origin = request.headers.origin;
    if (origin === undefined || allowed.has(origin)) return callback(null, true);
    callback('origin not allowed', false);
  };
}
