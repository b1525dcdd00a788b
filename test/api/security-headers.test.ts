import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { type Answer, type Stack, startStack } from '../support/stack';

// The default test stack's public URL is plain HTTP; the second is reached through a TLS proxy.
let plain: Stack;
let https: Stack;
before(async () => {
  plain = await startStack({ worker: false });
  https = await startStack({ worker: false, protection: { publicUrl: 'https://desk.example.test' } });
});
after(async () => {
  await plain.stop();
  await https.stop();
});

function directives(answer: Answer): Map<string, string[]> {
  const policy = answer.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

function assertProtected(answer: Answer) {
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(answer.headers.get('x-frame-options'), 'DENY');
  assert.deepEqual(directives(answer).get('frame-ancestors'), ["'none'"]);
}

describe('security headers', () => {
  test('API answers, errors included, forbid sniffing, referrers and framing', async () => {
    assertProtected(await plain.request('GET', '/api/health'));
    assertProtected(await plain.request('GET', '/api/tickets'));
    assertProtected(await plain.request('GET', '/api/no-such-route'));
  });

  test('the web app and /docs pages get them too, under a policy their own scripts and socket fit', async () => {
    for (const [page, file] of [
      ['/', 'index.html'],
      ['/docs', 'docs.html'],
    ] as const) {
      const answer = await plain.request('GET', page);
      assert.equal(answer.status, 200);
      assertProtected(answer);
      const policy = directives(answer);
      assert.deepEqual(policy.get('script-src'), ["'self'"]);
      assert.deepEqual(policy.get('connect-src'), ["'self'", 'ws:', 'wss:']);
      // On plain HTTP, upgrading requests to HTTPS would break every script and call.
      assert.equal(policy.has('upgrade-insecure-requests'), false);
      // What the policy allows is what the page uses: scripts and styles from this server only.
      const html = await readFile(new URL(`../../web/${file}`, import.meta.url), 'utf8');
      assert.equal(html, answer.body);
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, `${file} has an inline script`);
      assert.doesNotMatch(html, /\s(src|href)="(https?:)?\/\//, `${file} loads from another host`);
      assert.doesNotMatch(html, /\sstyle=|<style/, `${file} has inline styles`);
    }
    for (const script of ['/app.js', '/docs.js', '/socket.io/socket.io.js']) {
      assert.equal((await plain.request('GET', script)).status, 200, script);
    }
  });

  test('HSTS and upgrade-insecure-requests only when the public URL is HTTPS', async () => {
    assert.equal((await plain.request('GET', '/api/health')).headers.get('strict-transport-security'), null);
    const answer = await https.request('GET', '/');
    assert.match(answer.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/);
    assert.equal(directives(answer).has('upgrade-insecure-requests'), true);
  });
});

describe('session cookie', () => {
  const login = (stack: Stack) =>
    stack.request('POST', '/api/auth/login', {
      body: { email: 'alice@duradesk.test', password: 'demo-agent' },
    });

  test('is Secure when the public URL is HTTPS, though TLS ends at a proxy in front', async () => {
    const answer = await login(https);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const cookie = answer.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^duradesk_session=[^;]+;.*; secure/i);
    assert.match(cookie, /httponly/i);
    const me = await https.request('GET', '/api/auth/me', { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(me.status, 200);
  });

  test('is not Secure on a plain HTTP public URL, where browsers would drop it', async () => {
    const cookie = (await login(plain)).headers.get('set-cookie') ?? '';
    assert.match(cookie, /^duradesk_session=/);
    assert.doesNotMatch(cookie, /secure/i);
  });
});
