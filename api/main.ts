/** Runs one API node (REST, Socket.IO and the web app): `tsx api/main.ts`. */
import { createServer } from 'node:http';
import pg from 'pg';
import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { createKnex } from '../db/knex';
import { createTicketCommands } from '../temporal/commands/tickets';
import { connectClient, temporalSettings } from '../temporal/connection';
import { createApp } from './app';
import { createProtection } from './protection/protection';
import { protectionSettings } from './protection/settings';
import { attachRealtime } from './realtime/io';
import { createSessions } from './sessions';

const env = loadEnv();
const log = logger('http');
if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS) {
  log.fatal('the API needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)');
  process.exit(1);
}

const knex = createKnex(env.DATABASE_URL);
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
// An idle connection dropped by the server (restart, Ctrl-C reaching PostgreSQL first) is not fatal.
pool.on('error', (error) => log.warn({ err: error }, 'idle database connection lost'));
// Socket.IO's adapter keeps one client checked out for LISTEN; its loss (PostgreSQL killed) must not
// kill the API: with a listener here the adapter sees the connection end and reconnects.
pool.on('connect', (client) =>
  client.on('error', (error) => log.warn({ err: error }, 'database connection lost')),
);
const temporal = await connectClient(temporalSettings(env));
const sessions = createSessions(knex, env.SESSION_TTL_HOURS);
const app = createApp({
  knex,
  temporal,
  tickets: createTicketCommands(temporal, env.TEMPORAL_TASK_QUEUE, {
    answerTimeoutMs: env.COMMAND_ANSWER_TIMEOUT_MS,
  }),
  sessions,
  log,
  protection: createProtection(knex, protectionSettings(env)),
  webhookPolicy: env.WEBHOOK_ALLOWED_NETWORKS,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  workerStaleSeconds: env.HEALTH_WORKER_STALE_SECONDS,
  requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
});
const http = createServer(app.callback());
const io = attachRealtime(http, pool, sessions, logger('realtime'), env.publicUrl);
http.listen(env.PORT, env.HOST, () => log.info({ url: env.publicUrl }, 'api listening'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'api stopping');
  io.close(); // also closes the HTTP server, after in-flight requests
  await new Promise((resolve) => http.close(resolve));
  await Promise.allSettled([temporal.connection.close(), knex.destroy(), pool.end()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
