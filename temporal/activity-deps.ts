import pg from 'pg';
import { type ActivityDeps, createActivities } from '../activities';
import { createRealtimeEmitter } from '../activities/realtime-emitter';
import { createKnex } from '../db/knex';

/** The worker's side of the world: a knex pool and a Socket.IO emitter over PostgreSQL. */
export function createActivityDeps(databaseUrl: string) {
  const knex = createKnex(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // An idle connection dropped by the server (restart, Ctrl-C reaching PostgreSQL first) is not fatal.
  pool.on('error', () => undefined);
  const deps: ActivityDeps = { knex, emitter: createRealtimeEmitter(pool) };
  return {
    activities: createActivities(deps),
    async close() {
      await Promise.all([knex.destroy(), pool.end()]);
    },
  };
}
