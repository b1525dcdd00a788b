import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { createRealtimeEmitter } from '../../activities/realtime-emitter';
import type { NoticeView } from '../../workflows/domain/realtime-events';
import {
  type ClientToServerEvents,
  rooms,
  type ServerToClientEvents,
} from '../../workflows/domain/realtime-events';
import type { TicketView } from '../../workflows/domain/ticket-view';
import { type ApiNode, eventually, type Stack, startStack, testEnv } from '../support/stack';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let stack: Stack;
let secondNode: ApiNode;
const sockets: ClientSocket[] = [];

before(async () => {
  stack = await startStack();
  secondNode = await stack.startApiNode();
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  await stack.stop();
});

/** A logged-in agent's socket, with every `ticket.updated` it receives. */
async function listen(node: ApiNode, token: string) {
  const socket: ClientSocket = connect(node.url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  const received: TicketView[] = [];
  const notices: NoticeView[] = [];
  socket.on('ticket.updated', (ticket) => received.push(ticket));
  socket.on('notice.created', (notice) => notices.push(notice));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    received,
    notices,
    /** Resolves with the first update of `ticketNumber` matching `status`. */
    next(ticketNumber: number, status: string) {
      return new Promise<TicketView>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${status} update of ticket ${ticketNumber}`)),
          10_000,
        );
        const check = () => {
          const found = received.find((ticket) => ticket.number === ticketNumber && ticket.status === status);
          if (!found) return;
          clearTimeout(timer);
          socket.off('ticket.updated', check);
          resolve(found);
        };
        socket.on('ticket.updated', check);
        check();
      });
    },
  };
}

describe('ticket.updated over Socket.IO', () => {
  test('agents of the ticket group get each change, whichever API node serves their socket', async () => {
    const alice = await listen(stack.api, await stack.login('alice@duradesk.test'));
    const bob = await listen(secondNode, await stack.login('bob@duradesk.test'));
    const manager = await stack.login('manager@duradesk.test');
    const opened = await stack.request('POST', '/api/tickets', {
      token: manager,
      body: {
        subject: 'Live',
        body: 'Watch me',
        customer: { email: 'live@example.com' },
        departmentId: await stack.departmentId('Support'),
      },
    });
    const number = opened.body.number;
    assert.equal((await alice.next(number, 'active')).subject, 'Live');
    assert.equal((await bob.next(number, 'active')).subject, 'Live');

    await stack.request('POST', `/api/tickets/${number}/replies`, {
      token: manager,
      body: { body: 'Seen', status: 'waiting' },
    });
    const waiting = await bob.next(number, 'waiting');
    assert.equal(waiting.version, 2);
    assert.equal((await alice.next(number, 'waiting')).version, 2);
  });

  test('an agent outside the ticket group does not receive its updates', async () => {
    const alice = await listen(stack.api, await stack.login('alice@duradesk.test'));
    const bob = await listen(stack.api, await stack.login('bob@duradesk.test'));
    const manager = await stack.login('manager@duradesk.test');
    const opened = await stack.request('POST', '/api/tickets', {
      token: manager,
      body: {
        subject: 'Level 2 only',
        body: 'Secret',
        customer: { email: 'l2@example.com' },
        departmentId: await stack.departmentId('Support'),
        groupId: await stack.groupId('Support', 'Level 2'),
      },
    });
    await bob.next(opened.body.number, 'active');
    // Both sockets hang off one node and one NOTIFY: once Bob has it, Alice would have it too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(alice.received.filter((ticket) => ticket.number === opened.body.number).length, 0);
  });

  test('an update too large for NOTIFY still arrives, through the attachment table', async () => {
    const alice = await listen(secondNode, await stack.login('alice@duradesk.test'));
    const pool = new pg.Pool({ connectionString: testEnv.databaseUrl, max: 1 });
    const groupId = await stack.groupId('Support', 'Level 1');
    const subject = 'x'.repeat(20_000);
    const view: TicketView = {
      number: 424242,
      subject,
      status: 'active',
      priority: 'normal',
      pinned: false,
      channel: 'api',
      brandId: 1,
      departmentId: 1,
      groupId,
      customerId: 1,
      agentId: null,
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      closedAt: null,
      followUpAt: null,
      idleWarningAt: null,
      idleCriticalAt: null,
      durationWarningAt: null,
      durationCriticalAt: null,
      organizationId: null,
      customFields: {},
      slaPolicy: null,
      slaDueAt: null,
      slaBreached: false,
      sla: [],
    };
    createRealtimeEmitter(pool).to(rooms.group(groupId)).emit('ticket.updated', view);
    assert.equal((await alice.next(424242, 'active')).subject.length, 20_000);
    await pool.end();
  });

  test('a manager hears of the tickets of their departments; the owner gets the assignment notice', async () => {
    const manager = await listen(secondNode, await stack.login('manager@duradesk.test'));
    const alice = await stack.login('alice@duradesk.test');
    const aliceSocket = await listen(stack.api, alice);
    const opened = await stack.request('POST', '/api/tickets', {
      token: alice,
      body: {
        subject: 'For the manager',
        body: 'x',
        customer: { email: 'mgr@example.com' },
        departmentId: await stack.departmentId('Sales'),
      },
    });
    assert.equal((await manager.next(opened.body.number, 'active')).subject, 'For the manager');
    // Alice is the only agent receiving in Sales / Level 1, so the ticket is hers.
    const me = (await stack.request('GET', '/api/auth/me', { token: alice })).body;
    assert.equal(opened.body.agentId, me.id);
    await eventually(async () =>
      aliceSocket.notices.some(
        (notice) => notice.ticketNumber === opened.body.number && notice.kind === 'assigned',
      )
        ? true
        : undefined,
    );
  });

  test('watching a ticket follows it; a ticket outside your groups cannot be watched', async () => {
    const manager = await stack.login('manager@duradesk.test');
    const auditor = await listen(stack.api, await stack.login('auditor@duradesk.test'));
    const opened = await stack.request('POST', '/api/tickets', {
      token: manager,
      body: {
        subject: 'Watched',
        body: 'x',
        customer: { email: 'watch@example.com' },
        departmentId: await stack.departmentId('Support'),
      },
    });
    const answer = await auditor.socket.emitWithAck('ticket.watch', opened.body.number);
    assert.deepEqual(answer, { data: true });
    await stack.request('PUT', `/api/tickets/${opened.body.number}/priority`, {
      token: manager,
      body: { priority: 'high' },
    });
    await eventually(async () =>
      auditor.received.some((ticket) => ticket.number === opened.body.number && ticket.priority === 'high')
        ? true
        : undefined,
    );
    const alice = await listen(stack.api, await stack.login('alice@duradesk.test'));
    const level2 = await stack.request('POST', '/api/tickets', {
      token: manager,
      body: {
        subject: 'Not for Alice',
        body: 'x',
        customer: { email: 'watch@example.com' },
        departmentId: await stack.departmentId('Support'),
        groupId: await stack.groupId('Support', 'Level 2'),
      },
    });
    const refused = await alice.socket.emitWithAck('ticket.watch', level2.body.number);
    assert.match('error' in refused ? refused.error : '', /not yours to see/);
  });

  test('a socket without a valid session is refused', async () => {
    const socket: ClientSocket = connect(stack.api.url, {
      auth: { token: 'bogus' },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    assert.equal(error.message, 'unauthorized');
  });
});
