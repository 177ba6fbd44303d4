import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../upstream/testing/fault-plan.js';
import { anchored, base64Runs, ipv6Matches, matchesNear } from './anchored-matches.js';

const ipv6 = /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])/g;
const connection = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,64}:([^\s@/]{1,128})@[^\s/]{1,255}/gi;
const run40 = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** Texts of pieces drawn from `pieces`, up to `most` of them. */
function texts(pieces: string[], count: number, most: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let left = 1 + Math.floor(random() * most); left > 0; left--) {
      text += pieces[Math.floor(random() * pieces.length)]!;
    }
    return text;
  });
}

const found = (matches: Iterable<RegExpExecArray | RegExpMatchArray>) =>
  [...matches].map((match) => [match.index, ...match]);

describe('anchored matches', () => {
  it('finds the IPv6 candidates a global scan finds, in order', () => {
    const pieces = [
      'a',
      'f',
      'F',
      '0',
      '12',
      'abcd',
      'abcde',
      ':',
      '::',
      ':::',
      ' ',
      'g',
      '.',
      '1:2',
      'fe80::1',
    ];
    let matches = 0;
    for (const text of texts(pieces, 20_000, 30, 3)) {
      const expected = found(text.matchAll(ipv6));
      expect(found(ipv6Matches(text, anchored(ipv6))), text).toEqual(expected);
      matches += expected.length;
    }
    expect(matches).toBeGreaterThan(10_000);
  });

  it('finds the connection strings a global scan finds, in order', () => {
    const pieces = [
      ...['postgres', 'redis', 'a', 'x1', '+', '.', '-', '://', ':', '@', '/', ' ', 'user', 'pass'],
      ...['host', 'é', 'P', '\n', 'postgres://u:p@h', 'x'.repeat(19), 'A'.repeat(70)],
    ];
    const sticky = anchored(connection);
    let matches = 0;
    for (const text of texts(pieces, 20_000, 25, 5)) {
      const expected = found(text.matchAll(connection));
      expect(found(matchesNear(text, sticky, '://', 21)), text).toEqual(expected);
      matches += expected.length;
    }
    expect(matches).toBeGreaterThan(1_000);
    const text = 'see postgres://app:s3cret@db.internal:5432/main and mysql://root:pw@localhost';
    expect(found(matchesNear(text, sticky, '://', 21)).map((match) => match[2])).toEqual(['s3cret', 'pw']);
  });

  it('finds the runs of exactly 40 that a global scan finds', () => {
    const pieces = [
      'A',
      'b',
      '7',
      '/',
      '+',
      '=',
      ' ',
      '-',
      'Ab3/'.repeat(10),
      'x'.repeat(39),
      'y'.repeat(41),
      '.',
    ];
    let matches = 0;
    for (const text of texts(pieces, 5_000, 40, 7)) {
      const expected = [...text.matchAll(run40)].map((match) => match.index);
      expect([...base64Runs(text, 40)], text).toEqual(expected);
      matches += expected.length;
    }
    expect(matches).toBeGreaterThan(500);
    expect([...base64Runs(`${'k'.repeat(40)} ${'k'.repeat(40)}=`, 40)]).toEqual([0]);
  });
});
