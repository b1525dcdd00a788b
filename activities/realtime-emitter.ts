import { decode, encode } from '@msgpack/msgpack';
import { Emitter } from '@socket.io/postgres-emitter';
import type pg from 'pg';
import type { ServerToClientEvents } from '../workflows/domain/realtime-events';

const NAMESPACE = '/';

/**
 * @socket.io/postgres-emitter 0.1.1 (the newest) publishes messages without the `nsp` field that
 * @socket.io/postgres-adapter 0.5 routes by, so the adapter drops them. This pool wrapper stamps the
 * namespace on both paths the emitter writes: the NOTIFY payload and, for large or binary messages,
 * the attachment row.
 */
function namespaceStampingPool(pool: pg.Pool) {
  const stamp = (document: Record<string, unknown>) => ({ nsp: NAMESPACE, ...document });
  return {
    query(sql: string, params: unknown[]) {
      if (sql.startsWith('SELECT pg_notify')) {
        const [channel, payload] = params as [string, string];
        const document = JSON.parse(payload);
        // A header pointing at an attachment carries no message of its own.
        const stamped = document.attachmentId === undefined ? stamp(document) : document;
        return pool.query(sql, [channel, JSON.stringify(stamped)]);
      }
      if (sql.startsWith('INSERT INTO')) {
        const [payload] = params as [Uint8Array];
        return pool.query(sql, [encode(stamp(decode(payload) as Record<string, unknown>))]);
      }
      return pool.query(sql, params);
    },
  };
}

/** The emitter workers use to reach every API node's sockets through PostgreSQL. */
export function createRealtimeEmitter(pool: pg.Pool): Emitter<ServerToClientEvents> {
  return new Emitter<ServerToClientEvents>(namespaceStampingPool(pool), NAMESPACE);
}
