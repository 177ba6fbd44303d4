// IP addresses: IPv4 with every octet 0–255 (no leading zeros), and IPv6 candidates confirmed by
// node:net. A dotted run that is a version number ("version 1.2.3.4") counts for less.

import { isIPv6 } from 'node:net';
import { anchored, ipv6Matches } from './anchored-matches.js';
import { defaultWindow, hasContextBefore } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

const v4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
const v6 = anchored(/(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])/g);
const versionWords = [/\b(?:version|v|release|build)\s*$/];

export function detectIpAddresses(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  // Every IPv4 address has a dot: a text without one (a megabyte of card numbers) skips the
  // pattern. exec with lastIndex rather than matchAll, which costs more per match.
  v4.lastIndex = text.includes('.') ? 0 : text.length + 1;
  for (let match = v4.exec(text); match !== null; match = v4.exec(text)) {
    const confidence = afterVersionWord(text, match.index) ? 0.3 : 0.85;
    found.push({ type: 'ip-address', start: match.index, end: v4.lastIndex, confidence });
  }
  for (const match of ipv6Matches(text, v6)) {
    const address = match[0];
    if (address.length < 3 || !isIPv6(address) || !/[0-9A-Fa-f]/.test(address)) continue;
    found.push({
      type: 'ip-address',
      start: match.index,
      end: match.index + address.length,
      confidence: 0.85,
    });
  }
  return found;
}

/**
 * Whether a version word ends right before `start` ("version 1.2.3.4"). Only a letter can end one,
 * so most addresses (after a space and a digit, in a list of them) are answered without the pattern.
 */
function afterVersionWord(text: string, start: number): boolean {
  let index = start - 1;
  while (
    index >= 0 &&
    start - index <= defaultWindow &&
    (text.charCodeAt(index) === 32 || /\s/.test(text[index]!))
  )
    index--;
  const code = index >= 0 ? text.charCodeAt(index) | 32 : 0;
  return code >= 97 && code <= 122 && hasContextBefore(text, start, versionWords);
}
