/**
 * Whether `error` says PostgreSQL could not be reached or went away mid-request (restart, crash, network),
 * rather than refusing the request: such a request may succeed when retried, so it is a 503, not a 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
// SQLSTATE 57P01-57P03: the server is shutting down, crashed, or not accepting connections yet.
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // knex gives up waiting for a pooled connection while the server does not answer.
  if (error.name === 'KnexTimeoutError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE class 08: connection exceptions.
    if (NETWORK_CODES.has(code) || SERVER_GOING_AWAY.has(code) || code.startsWith('08')) return true;
  }
  return /Connection terminated|connection ended unexpectedly/i.test(error.message);
}
