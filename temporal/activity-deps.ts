import pg from 'pg';
import { type ActivityDeps, createActivities } from '../activities';
import { createRealtimeEmitter } from '../activities/realtime-emitter';
import { type OutboundPolicy, parseOutboundPolicy } from '../config/outbound-policy';
import { createKnex } from '../db/knex';

/**
 * The worker's side of the world: a knex pool, a Socket.IO emitter over PostgreSQL, and the addresses
 * webhooks may reach (WEBHOOK_ALLOWED_NETWORKS; without it public addresses only).
 */
export function createActivityDeps(databaseUrl: string, options: { webhookPolicy?: OutboundPolicy } = {}) {
  const knex = createKnex(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // An idle connection dropped by the server (restart, Ctrl-C reaching PostgreSQL first) is not fatal.
  pool.on('error', () => undefined);
  const deps: ActivityDeps = {
    knex,
    emitter: createRealtimeEmitter(pool),
    webhookPolicy: options.webhookPolicy ?? parseOutboundPolicy(''),
  };
  return {
    activities: createActivities(deps),
    async close() {
      await Promise.all([knex.destroy(), pool.end()]);
    },
  };
}
