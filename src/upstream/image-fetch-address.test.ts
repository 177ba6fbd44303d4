import { describe, expect, it } from 'vitest';
import { AllowList, parseAddress, parseRange, refusalOf, refusalOfName } from './image-fetch-address.js';

function refusal(text: string): string | undefined {
  const address = parseAddress(text);
  if (address === undefined) throw new Error(`not an address: ${text}`);
  return refusalOf(address);
}

describe('refusalOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.10.10', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'unique local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:0101::1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusal(address)).toContain(reason);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2002:808:808::',
  ])('lets the public address %s through', (address) => {
    expect(refusal(address)).toBeUndefined();
  });
});

describe('refusalOfName', () => {
  it.each([
    'localhost',
    'LOCALHOST.',
    'api.localhost',
    'metadata.google.internal',
    'metadata',
    'metadata.goog',
    'db.internal',
    'printer.local',
    'instance-data',
  ])('refuses %s before any lookup', (name) => {
    expect(refusalOfName(name)).toBeDefined();
  });

  it('lets ordinary names through (their addresses are checked after lookup)', () => {
    expect(refusalOfName('images.example.com')).toBeUndefined();
    expect(refusalOfName('internal.example.com')).toBeUndefined();
  });
});

describe('AllowList', () => {
  const list = new AllowList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'Images.Corp.Example']);

  it('allows listed addresses and ranges, also in their IPv4-mapped form', () => {
    expect(list.allowsAddress(parseAddress('127.0.0.1')!)).toBe(true);
    expect(list.allowsAddress(parseAddress('::ffff:127.0.0.1')!)).toBe(true);
    expect(list.allowsAddress(parseAddress('10.200.3.4')!)).toBe(true);
    expect(list.allowsAddress(parseAddress('fd12::1')!)).toBe(true);
    expect(list.allowsAddress(parseAddress('127.0.0.2')!)).toBe(false);
    expect(list.allowsAddress(parseAddress('192.168.0.1')!)).toBe(false);
  });

  it('allows listed host names exactly, case-insensitively', () => {
    expect(list.allowsName('images.corp.example')).toBe(true);
    expect(list.allowsName('evil.images.corp.example')).toBe(false);
  });
});

describe('parseRange', () => {
  it('reads addresses and CIDRs, and refuses impossible prefixes', () => {
    expect(parseRange('10.0.0.0/8')?.prefix).toBe(8);
    expect(parseRange('::1')?.prefix).toBe(128);
    expect(parseRange('10.0.0.0/33')).toBeUndefined();
    expect(parseRange('10.0.0.0/x')).toBeUndefined();
    expect(parseRange('example.com')).toBeUndefined();
  });
});
