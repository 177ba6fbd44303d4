// Which addresses and host names an image fetch may reach: the SSRF guard's rules (loopback,
// private, link-local and metadata, CGNAT, multicast, reserved, and IPv6 forms embedding those) and
// the operator's allow list of hosts and CIDRs. Pure: no DNS, no sockets; image-fetch.ts does those.

import { isIP } from 'node:net';

export interface ParsedAddress {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

interface Range {
  network: ParsedAddress;
  prefix: number;
  /** Why an address in it is refused, as the client's error says it. */
  reason: string;
}

/**
 * Ranges no image fetch may reach unless allowed. Order matters: the first match names the reason.
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry.xhtml
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry.xhtml
 */
const refusedV4: Range[] = [
  range('169.254.169.254/32', 'a cloud metadata address'),
  range('0.0.0.0/8', 'an unspecified address'),
  range('10.0.0.0/8', 'a private address'),
  range('100.64.0.0/10', 'a shared (CGNAT) address'),
  range('127.0.0.0/8', 'a loopback address'),
  range('169.254.0.0/16', 'a link-local address'),
  range('172.16.0.0/12', 'a private address'),
  range('192.0.0.0/24', 'a reserved address'),
  range('192.0.2.0/24', 'a documentation address'),
  range('192.168.0.0/16', 'a private address'),
  range('198.18.0.0/15', 'a reserved address'),
  range('198.51.100.0/24', 'a documentation address'),
  range('203.0.113.0/24', 'a documentation address'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved address'),
];

const refusedV6: Range[] = [
  range('::/128', 'an unspecified address'),
  range('::1/128', 'a loopback address'),
  range('::/96', 'a reserved address'),
  range('100::/64', 'a reserved address'),
  range('64:ff9b:1::/48', 'a reserved address'),
  range('2001::/32', 'a tunnelled (Teredo) address'),
  range('2001:db8::/32', 'a documentation address'),
  range('fc00::/7', 'a private (unique local) address'),
  range('fe80::/10', 'a link-local address'),
  range('fec0::/10', 'a site-local address'),
  range('ff00::/8', 'a multicast address'),
];

/** IPv6 forms that carry an IPv4 address, checked as that address: [range, offset of the 4 bytes]. */
const embeddingV4: Array<[Range, number]> = [
  [range('::ffff:0:0/96', 'an IPv4-mapped address'), 12],
  [range('64:ff9b::/96', 'a NAT64 address'), 12],
  [range('2002::/16', 'a 6to4 address'), 2],
];

/** Names that reach the host itself or a cloud's metadata service whatever DNS says. */
const refusedNames = new Set([
  'localhost',
  'metadata',
  'metadata.goog',
  'metadata.google.internal',
  'instance-data',
]);
const refusedSuffixes = ['.localhost', '.internal', '.local'];

/** Why `address` must not be fetched from, or undefined when it may be. */
export function refusalOf(address: ParsedAddress): string | undefined {
  if (address.family === 4) return refusedV4.find((entry) => contains(entry, address))?.reason;
  for (const [entry, offset] of embeddingV4) {
    if (contains(entry, address)) {
      const inner: ParsedAddress = { family: 4, bytes: address.bytes.slice(offset, offset + 4) };
      return refusalOf(inner);
    }
  }
  return refusedV6.find((entry) => contains(entry, address))?.reason;
}

/** Why a host name is refused before any lookup, or undefined. */
export function refusalOfName(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (refusedNames.has(name) || refusedSuffixes.some((suffix) => name.endsWith(suffix))) {
    return 'a local or metadata host name';
  }
  return undefined;
}

/** The operator's exceptions: host names (exact) and addresses or CIDR ranges. */
export class AllowList {
  private readonly names = new Set<string>();
  private readonly ranges: Range[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const text = entry.trim().toLowerCase();
      const parsed = parseRange(text);
      if (parsed !== undefined) this.ranges.push({ ...parsed, reason: 'allowed' });
      else this.names.add(text.replace(/\.$/, ''));
    }
  }

  allowsName(hostname: string): boolean {
    return this.names.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(address: ParsedAddress): boolean {
    const plain = unmapped(address);
    return this.ranges.some((entry) => contains(entry, plain) || contains(entry, address));
  }
}

/** An address or CIDR (`10.0.0.0/8`, `::1`), or undefined when `text` is neither. */
export function parseRange(text: string): { network: ParsedAddress; prefix: number } | undefined {
  const slash = text.indexOf('/');
  const network = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (network === undefined) return undefined;
  const bits = network.bytes.length * 8;
  if (slash === -1) return { network, prefix: bits };
  const prefixText = text.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits) return undefined;
  return { network, prefix };
}

/** A literal IPv4 or IPv6 address (brackets and zone ids tolerated), or undefined. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, bytes: Uint8Array.from(bare.split('.').map(Number)) };
  if (family === 6) return { family: 6, bytes: parseV6(bare) };
  return undefined;
}

/** isIP() has validated the text; a trailing dotted quad becomes two groups, then `::` is expanded. */
function parseV6(text: string): Uint8Array {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    const [a = 0, b = 0, c = 0, d = 0] = body
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    body = `${body.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = body.split('::');
  const groups = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
  const left = groups(head);
  const right = groups(rest);
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const bytes = new Uint8Array(16);
  [...left, ...fill, ...right].forEach((word, index) => {
    bytes[index * 2] = word >> 8;
    bytes[index * 2 + 1] = word & 0xff;
  });
  return bytes;
}

function unmapped(address: ParsedAddress): ParsedAddress {
  const mapped = embeddingV4[0]?.[0];
  if (address.family === 6 && mapped !== undefined && contains(mapped, address)) {
    return { family: 4, bytes: address.bytes.slice(12) };
  }
  return address;
}

function contains(entry: { network: ParsedAddress; prefix: number }, address: ParsedAddress): boolean {
  if (entry.network.family !== address.family) return false;
  let bits = entry.prefix;
  for (let index = 0; bits > 0; index++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((entry.network.bytes[index] ?? 0) & mask) !== ((address.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

function range(text: string, reason: string): Range {
  const parsed = parseRange(text);
  if (parsed === undefined) throw new Error(`bad built-in range ${text}`);
  return { ...parsed, reason };
}
