import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { AddressRefusedError, systemResolver } from '../../activities/outbound/guarded-lookup';
import { guardedPost } from '../../activities/outbound/guarded-post';
import { parseOutboundPolicy } from '../../config/outbound-policy';
import { startWebhookReceiver } from '../support/webhook-receiver';

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
before(async () => {
  receiver = await startWebhookReceiver();
});
after(() => receiver.close());

const publicOnly = parseOutboundPolicy('');
const post = (url: string) => ({
  url,
  headers: { 'content-type': 'application/json' },
  body: '{}',
  timeoutMs: 1_000,
});

/** A resolver answering from a script, counting how often it is asked. */
function scriptedResolver(answers: (call: number) => LookupAddress[]) {
  let calls = 0;
  return {
    resolve: async () => answers(++calls),
    calls: () => calls,
  };
}

const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof AddressRefusedError, String(error));
  assert.match(error.message, pattern);
  return true;
};

describe('outbound webhook calls reach only allowed addresses', () => {
  test('literal internal addresses, in any spelling, are refused before any connection', async () => {
    const before = receiver.calls.length;
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '0177.0.0.1', '[::ffff:127.0.0.1]'])
      await assert.rejects(
        guardedPost(post(`http://${host}:${receiver.port}/hook`), {
          policy: publicOnly,
          resolve: systemResolver,
        }),
        refusal(/^refused: .*127\.0\.0\.1.* loopback address/),
        host,
      );
    assert.equal(receiver.calls.length, before, 'the receiver heard nothing');
  });

  test('a name that resolves to loopback (localhost) is refused', async () => {
    const before = receiver.calls.length;
    await assert.rejects(
      guardedPost(post(`http://localhost:${receiver.port}/hook`), {
        policy: publicOnly,
        resolve: systemResolver,
      }),
      refusal(/^refused: (127\.0\.0\.1|::1) is a loopback address .*; localhost resolves to it$/),
    );
    assert.equal(receiver.calls.length, before);
  });

  test('one internal answer among public ones refuses the name', async () => {
    const dns = scriptedResolver(() => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]);
    await assert.rejects(
      guardedPost(post(`http://mixed.test:${receiver.port}/hook`), {
        policy: publicOnly,
        resolve: dns.resolve,
      }),
      refusal(/127\.0\.0\.1 is a loopback address .*; mixed\.test resolves to it/),
    );
  });

  test('DNS rebinding: the socket connects to the address that was checked, never to a later answer', async () => {
    // First answer public (passes the check), every later one loopback: a rebinding name server.
    const rebinding = scriptedResolver((call) => [
      call === 1 ? { address: '93.184.215.14', family: 4 } : { address: '127.0.0.1', family: 4 },
    ]);
    const before = receiver.calls.length;
    await assert.rejects(
      guardedPost(post(`http://rebind.test:${receiver.port}/hook`), {
        policy: publicOnly,
        resolve: rebinding.resolve,
      }),
      (error: unknown) => !(error instanceof AddressRefusedError),
      'the public address is tried (unreachable here), nothing else',
    );
    assert.equal(rebinding.calls(), 1, 'resolved once: nothing resolves the name again after the check');
    assert.equal(receiver.calls.length, before, 'the loopback receiver is never reached');

    // The same seam proves the converse: the checked answer is what the socket uses. rebind.test exists
    // in no DNS, yet the call arrives, because the lookup handed the socket the allowed address it checked.
    const allowed = scriptedResolver(() => [{ address: '127.0.0.1', family: 4 }]);
    const answer = await guardedPost(post(`http://rebind.test:${receiver.port}/hook`), {
      policy: parseOutboundPolicy('127.0.0.1'),
      resolve: allowed.resolve,
    });
    assert.equal(answer.status, 204);
    assert.equal(allowed.calls(), 1);
    assert.equal(receiver.calls.at(-1)!.headers.host, `rebind.test:${receiver.port}`);
  });

  test('an allow-listed host name is reached wherever it resolves; redirects are reported, not followed', async () => {
    const policy = parseOutboundPolicy('localhost');
    const before = receiver.calls.length;
    const answer = await guardedPost(post(`http://localhost:${receiver.port}/redirect`), {
      policy,
      resolve: systemResolver,
    });
    assert.deepEqual(answer, { status: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    assert.equal(receiver.calls.length, before + 1, 'one call, no second hop');
  });
});
