// Email addresses: found from their '@' (linear time on any input: each '@' looks at most a few
// hundred characters around it), then checked: no leading, trailing or doubled dots in the local
// part, a domain of real labels, and a top-level domain of letters.

import type { PiiEntity } from './pii-entity.js';

/** Bit 1: may stand in a local part ([A-Za-z0-9._%+-]); bit 2: in a domain ([A-Za-z0-9.-]). */
const characterKinds = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  if (/[A-Za-z0-9._%+-]/.test(character)) characterKinds[code]! |= 1;
  if (/[A-Za-z0-9.-]/.test(character)) characterKinds[code]! |= 2;
}
const local = 1;
const domain = 2;

/** Letters, digits and marks of any script: internationalised addresses (RFC 6531) and domains. */
const unicodeWord = /[\p{L}\p{N}\p{M}]/u;

/**
 * Whether the character at `index` is of `kind`: a table lookup for ASCII, as a megabyte may hold
 * 40,000 addresses; beyond it, a letter, digit or mark of any script is both (jürgen.müller@…,
 * josé@correo.es): an address is never cut at its first accented letter.
 */
function isKind(text: string, index: number, kind: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (characterKinds[code]! & kind) !== 0;
  return unicodeWord.test(text[index]!);
}

/**
 * From each '@', the address around it: up to 64 local characters to the left, up to 253 domain
 * characters to the right. Found from the '@' signs, so a text without any costs one indexOf.
 */
export function detectEmails(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  let previousEnd = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > previousEnd && at - start < 64 && isKind(text, start - 1, local)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && isKind(text, end, domain)) end++;
    // A sentence's final dot is not part of the domain.
    while (end > at + 1 && text.charCodeAt(end - 1) === dot) end--;
    if (start === at || end === at + 1) continue;
    if (!validLocalPart(text, start, at) || !validDomain(text, at + 1, end)) continue;
    found.push({ type: 'email', start, end, confidence: 0.97 });
    previousEnd = end;
  }
  return found;
}

const dot = 46;
const dash = 45;

/** No leading, trailing or doubled dot: text[start, end) is the local part. */
function validLocalPart(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) === dot || text.charCodeAt(end - 1) === dot) return false;
  for (let index = start + 1; index < end; index++) {
    if (text.charCodeAt(index) === dot && text.charCodeAt(index - 1) === dot) return false;
  }
  return true;
}

/**
 * Two to nine labels of 1–63 characters, none starting or ending with a dash, the last of 2–24
 * letters: text[start, end) is the domain, read in place.
 */
function validDomain(text: string, start: number, end: number): boolean {
  let labels = 0;
  let labelStart = start;
  for (let index = start; index <= end; index++) {
    if (index < end && text.charCodeAt(index) !== dot) continue;
    const length = index - labelStart;
    if (length < 1 || length > 63) return false;
    if (text.charCodeAt(labelStart) === dash || text.charCodeAt(index - 1) === dash) return false;
    labels += 1;
    if (index === end && !topLevelDomain(text, labelStart, index)) return false;
    labelStart = index + 1;
  }
  return labels >= 2 && labels <= 9;
}

function topLevelDomain(text: string, start: number, end: number): boolean {
  if (end - start < 2 || end - start > 24) return false;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index) | 32;
    if (code < 97 || code > 122) return false;
  }
  return true;
}
