import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import { Server } from 'socket.io';
import type { Logger } from '../../config/logger';
import { visibleTo } from '../../db/visible-tickets';
import {
  type ClientToServerEvents,
  rooms,
  type ServerToClientEvents,
} from '../../workflows/domain/realtime-events';
import { SESSION_COOKIE, type Sessions, type Viewer } from '../sessions';
import { checkOrigin } from './origin';

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { viewer: Viewer }
>;

function tokenOf(handshake: { auth: Record<string, unknown>; headers: { cookie?: string | undefined } }) {
  if (typeof handshake.auth.token === 'string') return handshake.auth.token;
  const cookie = handshake.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)) : undefined;
}

/**
 * Socket.IO on the API's HTTP server. Sockets of logged-in staff join their own room and those of
 * their groups and managed departments, and may watch single tickets they can see; workers publish to those rooms through PostgreSQL, so any API node can serve a socket.
 */
export function attachRealtime(
  http: HttpServer,
  pool: pg.Pool,
  sessions: Sessions,
  log: Logger,
  publicUrl: string,
): RealtimeServer {
  const io: RealtimeServer = new Server(http, {
    adapter: createAdapter(pool),
    serveClient: true,
    allowRequest: checkOrigin(publicUrl),
  });
  io.use(async (socket, next) => {
    const token = tokenOf(socket.handshake);
    const viewer = token ? await sessions.resolve(token).catch(() => null) : null;
    if (!viewer) return next(new Error('unauthorized'));
    socket.data.viewer = viewer;
    next();
  });
  io.on('connection', (socket) => {
    const { viewer } = socket.data;
    socket.join([
      rooms.agent(viewer.id),
      ...viewer.groupIds.map(rooms.group),
      ...viewer.departmentIds.map(rooms.department),
    ]);
    socket.on('ticket.watch', async (ticketNumber, ack) => {
      if (typeof ack !== 'function') return;
      const visible =
        Number.isInteger(ticketNumber) &&
        (await visibleTo(viewer)
          .findById(ticketNumber)
          .catch(() => undefined));
      if (!visible) return ack({ error: `Ticket ${ticketNumber} does not exist or is not yours to see.` });
      socket.join(rooms.ticket(ticketNumber));
      ack({ data: true });
    });
    socket.on('ticket.unwatch', (ticketNumber) => socket.leave(rooms.ticket(ticketNumber)));
    log.debug({ staffId: viewer.id }, 'socket connected');
  });
  return io;
}
