import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvError, parseEnv } from '../../../config/env';
import { literalAddressOf, parseOutboundPolicy } from '../../../config/outbound-policy';

const publicOnly = parseOutboundPolicy('');

describe('outbound address policy (webhooks)', () => {
  test('refuses every internal IPv4 range, naming the address and the range', () => {
    const table: [string, RegExp][] = [
      ['127.0.0.1', /^127\.0\.0\.1 is a loopback address \(127\.0\.0\.0\/8\)$/],
      ['127.255.1.2', /loopback/],
      ['10.1.2.3', /private address \(10\.0\.0\.0\/8\)/],
      ['172.16.0.1', /private address \(172\.16\.0\.0\/12\)/],
      ['192.168.1.1', /private address \(192\.168\.0\.0\/16\)/],
      ['169.254.169.254', /cloud metadata address/],
      ['169.254.170.2', /cloud metadata address/],
      ['169.254.1.1', /link-local address \(169\.254\.0\.0\/16\)/],
      ['100.100.100.200', /cloud metadata address/],
      ['100.64.0.1', /carrier-grade NAT address \(100\.64\.0\.0\/10\)/],
      ['0.0.0.0', /unspecified address/],
      ['255.255.255.255', /broadcast address/],
      ['224.0.0.1', /multicast address/],
      ['239.255.255.250', /multicast address/],
      ['240.0.0.1', /reserved address/],
      ['192.0.2.1', /reserved address/],
      ['198.18.0.1', /reserved address/],
    ];
    for (const [address, reason] of table)
      assert.match(publicOnly.refusalOf(address) ?? 'allowed', reason, address);
  });

  test('refuses every internal IPv6 range, and IPv6 forms that carry an internal IPv4 address', () => {
    const table: [string, RegExp][] = [
      ['::1', /^::1 is a loopback address/],
      ['::', /unspecified address/],
      ['fe80::1', /link-local address \(fe80::\/10\)/],
      ['fc00::1', /unique-local \(private\) address \(fc00::\/7\)/],
      ['fd12:3456::1', /unique-local/],
      ['fd00:ec2::254', /cloud metadata address/],
      ['fec0::1', /site-local/],
      ['ff02::1', /multicast address/],
      ['2001:db8::1', /reserved address/],
      ['2001::1', /Teredo/],
      ['4000::1', /outside global unicast/],
      [
        '::ffff:127.0.0.1',
        /IPv4-mapped IPv6 address of 127\.0\.0\.1, and 127\.0\.0\.1 is a loopback address/,
      ],
      ['::ffff:7f00:1', /IPv4-mapped .* loopback/],
      ['::ffff:10.0.0.1', /IPv4-mapped .* private/],
      ['::ffff:169.254.169.254', /IPv4-mapped .* cloud metadata/],
      ['::7f00:1', /IPv4-compatible IPv6 address of 127\.0\.0\.1/],
      ['::ffff:0:7f00:1', /IPv4-translated .* loopback/],
      ['64:ff9b::7f00:1', /NAT64 address of 127\.0\.0\.1/],
      ['64:ff9b::a9fe:a9fe', /NAT64 address of 169\.254\.169\.254, and .* cloud metadata/],
      ['64:ff9b:1::8.8.8.8', /local-use NAT64/],
      ['2002:c0a8:101::1', /6to4 address of 192\.168\.1\.1/],
    ];
    for (const [address, reason] of table)
      assert.match(publicOnly.refusalOf(address) ?? 'allowed', reason, address);
  });

  test('allows public addresses, also when they are embedded in IPv6', () => {
    for (const address of [
      '8.8.8.8',
      '93.184.215.14',
      '1.1.1.1',
      '2606:4700:4700::1111',
      '2a00:1450:4001:80b::200e',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ])
      assert.equal(publicOnly.refusalOf(address), null, address);
  });

  test('URLs spelling an address in decimal, hex, octal or short form are the same address', () => {
    const spellings = [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://127.0.0.1.:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
    ];
    for (const spelling of spellings) {
      const address = literalAddressOf(new URL(spelling));
      assert.ok(address, `${spelling} is a literal address`);
      assert.match(publicOnly.refusalOf(address) ?? 'allowed', /loopback/, spelling);
    }
    assert.equal(literalAddressOf(new URL('http://[::1]:9000/x')), '::1');
    assert.equal(literalAddressOf(new URL('https://hooks.example.com/x')), null);
    assert.equal(
      literalAddressOf(new URL('http://localhost/')),
      null,
      'a name: the worker checks what it resolves to',
    );
  });

  test('an allow-list of CIDRs, addresses and host names lets exactly those through', () => {
    const policy = parseOutboundPolicy(' 10.20.0.0/16, 127.0.0.1 ,fd00:1::/32, hooks.internal.,::1');
    assert.equal(policy.refusalOf('10.20.3.4'), null);
    assert.match(policy.refusalOf('10.21.0.1') ?? 'allowed', /private/, 'outside the allowed /16');
    assert.equal(policy.refusalOf('127.0.0.1'), null);
    assert.equal(policy.refusalOf('::ffff:127.0.0.1'), null, 'an allowed IPv4 address in its mapped form');
    assert.match(policy.refusalOf('127.0.0.2') ?? 'allowed', /loopback/, 'only the one address');
    assert.equal(policy.refusalOf('fd00:1:2::3'), null);
    assert.match(policy.refusalOf('fd00:2::1') ?? 'allowed', /unique-local/);
    assert.equal(policy.refusalOf('::1'), null);
    assert.match(policy.refusalOf('169.254.169.254') ?? 'allowed', /metadata/, 'never implied');
    assert.equal(policy.allowsHost('HOOKS.internal'), true);
    assert.equal(policy.allowsHost('other.internal'), false);
    assert.equal(publicOnly.allowsHost('hooks.internal'), false);
  });

  test('WEBHOOK_ALLOWED_NETWORKS is parsed at start-up; a bad entry is named', () => {
    assert.match(parseEnv({}).WEBHOOK_ALLOWED_NETWORKS.refusalOf('127.0.0.1') ?? 'allowed', /loopback/);
    assert.equal(
      parseEnv({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }).WEBHOOK_ALLOWED_NETWORKS.refusalOf('127.0.0.9'),
      null,
    );
    assert.throws(
      () => parseEnv({ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8,10/8,not a host,1.2.3.4/40' }),
      (error: unknown) => {
        assert.ok(error instanceof EnvError);
        assert.match(error.message, /WEBHOOK_ALLOWED_NETWORKS: .*"10\/8", "not a host", "1\.2\.3\.4\/40"/);
        return true;
      },
    );
  });
});
