import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io as connect } from 'socket.io-client';
import { allowedOrigins } from '../../api/realtime/origin';
import { type Stack, startStack } from '../support/stack';

const publicUrl = 'https://desk.example.test';
let stack: Stack;
let token: string;
before(async () => {
  stack = await startStack({ worker: false, protection: { publicUrl } });
  token = await stack.login('alice@duradesk.test');
});
after(() => stack.stop());

/** Opens a socket with `origin` (none: as a non-browser client) and says whether it connected. */
async function handshake(transport: 'websocket' | 'polling', origin?: string): Promise<'connected' | string> {
  const socket = connect(stack.api.url, {
    auth: { token },
    transports: [transport],
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.disconnect();
  }
}

describe('Socket.IO handshake origin', () => {
  for (const transport of ['websocket', 'polling'] as const) {
    test(`over ${transport}: a page of another site is refused, the public URL's page and non-browser clients connect`, async () => {
      assert.notEqual(await handshake(transport, 'https://evil.example'), 'connected');
      assert.notEqual(await handshake(transport, 'http://desk.example.test'), 'connected');
      assert.equal(await handshake(transport, publicUrl), 'connected');
      assert.equal(await handshake(transport), 'connected');
    });
  }

  test('a loopback public URL also allows its other loopback spellings, and nothing else', () => {
    assert.deepEqual(
      [...allowedOrigins('http://127.0.0.1:3000')],
      ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000'],
    );
    assert.deepEqual([...allowedOrigins('https://desk.example.test/app')], ['https://desk.example.test']);
  });
});
