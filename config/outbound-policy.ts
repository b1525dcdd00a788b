import ipaddr from 'ipaddr.js';

/**
 * Which addresses a URL that a user typed (a rule's webhook) may reach. Only global unicast addresses,
 * unless the administrator allow-lists networks or host names (WEBHOOK_ALLOWED_NETWORKS). Pure code: the
 * API checks literal addresses when a rule is saved; the worker checks every DNS answer when it sends.
 */
export interface OutboundPolicy {
  /** Why `address` (an IPv4 or IPv6 literal) may not be reached, or null when it may. */
  refusalOf(address: string): string | null;
  /** Whether the administrator trusts this host name, wherever it resolves. */
  allowsHost(hostname: string): boolean;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Addresses where clouds serve instance credentials: named as such, whatever else they are. */
const METADATA = ['169.254.169.254', '169.254.170.2', '169.254.169.253', '100.100.100.200', 'fd00:ec2::254'];

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  uniqueLocal: 'a unique-local (private) address',
  deprecatedSiteLocal: 'a site-local (private) address',
  teredo: 'a Teredo tunnel address',
};

/** IPv6 forms that carry an IPv4 address: judged by the IPv4 address inside. */
const lastWords = (parts: number[]) => parts.slice(6);
const EMBEDDING: [cidr: string, name: string, ipv4Words: (parts: number[]) => number[]][] = [
  ['::ffff:0:0/96', 'an IPv4-mapped IPv6 address', lastWords],
  ['::/96', 'an IPv4-compatible IPv6 address', lastWords],
  ['::ffff:0:0:0/96', 'an IPv4-translated IPv6 address', lastWords],
  ['64:ff9b::/96', 'a NAT64 address', lastWords],
  ['2002::/16', 'a 6to4 address', (parts) => parts.slice(1, 3)],
];

const inCidr = (address: Address, cidr: string) => {
  const [network, bits] = ipaddr.parseCIDR(cidr);
  return address.kind() === network.kind() && address.match(network, bits);
};

const ipv4Of = (words: number[]) => new ipaddr.IPv4(words.flatMap((word) => [word >> 8, word & 0xff]));

/** The special range `address` is in, as ipaddr.js names it, with its CIDR. */
function rangeOf(address: Address): { name: string; cidr: string } {
  const name = address.range();
  const special = address.kind() === 'ipv4' ? ipaddr.IPv4.prototype : ipaddr.IPv6.prototype;
  type Range = [Address, number];
  const ranges = (special as unknown as { SpecialRanges: Record<string, Range | Range[]> }).SpecialRanges;
  const entry = ranges[name];
  const list = entry === undefined ? [] : Array.isArray(entry[0]) ? (entry as Range[]) : [entry as Range];
  const found = list.find(
    ([network, bits]) => address.kind() === network.kind() && address.match(network, bits),
  );
  return { name, cidr: found ? `${found[0].toString()}/${found[1]}` : '' };
}

/** Why a non-allow-listed address is refused; null for a global unicast address. */
function forbiddenBecause(address: Address): string | null {
  const text = address.toString();
  if (METADATA.some((metadata) => ipaddr.parse(metadata).toString() === text))
    return `${text} is a cloud metadata address`;
  if (address.kind() === 'ipv6') {
    if (inCidr(address, '64:ff9b:1::/48')) return `${text} is a local-use NAT64 address (64:ff9b:1::/48)`;
    const v6 = address as ipaddr.IPv6;
    for (const [cidr, name, pick] of EMBEDDING) {
      if (!inCidr(address, cidr) || address.range() === 'loopback' || address.range() === 'unspecified')
        continue;
      const inner = ipv4Of(pick(v6.parts));
      const because = forbiddenBecause(inner);
      return because && `${text} is ${name} of ${inner.toString()}, and ${because}`;
    }
  }
  const { name, cidr } = rangeOf(address);
  if (name === 'unicast') {
    if (address.kind() === 'ipv6' && !inCidr(address, '2000::/3'))
      return `${text} is a reserved address (outside global unicast 2000::/3)`;
    return null;
  }
  const described =
    RANGE_NAMES[name] ?? (name === 'reserved' ? 'a reserved address' : `a reserved address (${name})`);
  return `${text} is ${described}${cidr ? ` (${cidr})` : ''}`;
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for, so allow-listed IPv4 networks cover both. */
const canonical = (address: Address): Address =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const bareHost = (hostname: string) => hostname.toLowerCase().replace(/\.$/, '');

/**
 * Parses a comma-separated allow-list: CIDRs (10.0.0.0/8, fd00::/8), single addresses or host names.
 * Throws an Error naming every entry that is none of these.
 */
export function parseOutboundPolicy(allowList: string): OutboundPolicy {
  const networks: [Address, number][] = [];
  const hosts = new Set<string>();
  const bad: string[] = [];
  for (const entry of allowList.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry))
      networks.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) {
      const address = ipaddr.parse(entry);
      networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(bareHost(entry)) && !/^[0-9.]+$/.test(entry) && !entry.includes('/'))
      hosts.add(bareHost(entry));
    else bad.push(entry);
  }
  if (bad.length > 0)
    throw new Error(`not a CIDR, an address or a host name: ${bad.map((entry) => `"${entry}"`).join(', ')}`);

  const allowed = (address: Address) =>
    networks.some(([network, bits]) => {
      const candidate = network.kind() === 'ipv4' ? canonical(address) : address;
      return candidate.kind() === network.kind() && candidate.match(network, bits);
    });
  return {
    refusalOf(text) {
      if (!ipaddr.isValid(text)) return `${text} is not an IP address`;
      const address = ipaddr.parse(text);
      return allowed(address) ? null : forbiddenBecause(address);
    },
    allowsHost: (hostname) => hosts.has(bareHost(hostname)),
  };
}

/** The IP literal a URL's host is (WHATWG URL has already normalised 2130706433 or 0x7f.1), or null for a name. */
export function literalAddressOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(host) && (host.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(host))
    ? host
    : null;
}
