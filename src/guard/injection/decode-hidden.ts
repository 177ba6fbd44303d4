// Finds text hidden in an encoding — base64, hex, `\xNN` escapes, URL percent-encoding and
// rot13 — and returns the decoded views, so the rules and the classifier see what a model
// would be asked to decode. Bounded: at most `maxViews` views and `maxDecodedLength` decoded
// characters in all, nested encodings followed `maxDepth` levels deep; every pattern is a single
// character class or a fixed-width group, so each scan is linear in the input.

import { Buffer } from 'node:buffer';

export interface DecodeLimits {
  /** Decoded characters returned in all (default 32,768). */
  maxDecodedLength?: number;
  /** Views returned in all (default 32). */
  maxViews?: number;
  /** Levels of nesting followed, e.g. base64 inside URL-encoding (default 3). */
  maxDepth?: number;
}

/** 1: a base64 character (standard and URL-safe alphabets), 2: also a hex digit. */
const runClass = new Uint8Array(128);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') {
  runClass[character.charCodeAt(0)] = 1;
}
for (const character of '0123456789abcdefABCDEF') runClass[character.charCodeAt(0)] = 2;
const shortestRun = 16;
const escapedHexRun = /(?:\\x[0-9A-Fa-f]{2}){4,}/g;
const percentRun = /(?:%[0-9A-Fa-f]{2})+/g;
const percentCount = /%[0-9A-Fa-f]{2}/g;
/** Words an instruction hidden in rot13 almost always contains, as plain text... */
const plainWords =
  'ignore|instructions?|previous|system|prompt|password|secret|reveal|disregard|forget|rules|you|the|and|your';
/** ...and the same words in rot13, searched in the text as it is (no rotation unless found). */
const rotatedWords =
  'vtaber|vafgehpgvbaf?|cerivbhf|flfgrz|cebzcg|cnffjbeq|frperg|erirny|qvfertneq|sbetrg|ehyrf|lbh|gur|naq|lbhe';
const plainCue = new RegExp(String.raw`\b(?:${plainWords})\b`, 'gi');
/** Either kind in one scan; group 1 holds a rot13 one. */
const eitherCue = new RegExp(String.raw`\b(?:(${rotatedWords})|${plainWords})\b`, 'gi');
/** Cue counts past this settle nothing more. */
const enoughCues = 1_000;

interface Budget {
  characters: number;
  views: number;
  /** Views already taken: a repeated encoded run is decoded once, not until the budget is spent. */
  seen: Set<string>;
}

export function decodeHidden(text: string, limits: DecodeLimits = {}): string[] {
  const budget: Budget = {
    characters: limits.maxDecodedLength ?? 32_768,
    views: limits.maxViews ?? 32,
    seen: new Set(),
  };
  const views: string[] = [];
  let level = [text];
  for (let depth = 0; depth < (limits.maxDepth ?? 3) && level.length > 0; depth++) {
    const next: string[] = [];
    for (const source of level) {
      for (const view of decodeOnce(source, budget)) next.push(view);
    }
    views.push(...next);
    level = next;
  }
  return views;
}

function decodeOnce(text: string, budget: Budget): string[] {
  const found: string[] = [];
  const take = (decoded: string | undefined): void => {
    if (decoded === undefined || budget.views <= 0 || budget.characters <= 0) return;
    if (budget.seen.has(decoded)) return;
    budget.seen.add(decoded);
    // One view takes at most a quarter of what is left, so nested levels still have room.
    const room = Math.max(256, Math.floor(budget.characters / 4));
    const kept = decoded.length > room ? decoded.slice(0, room) : decoded;
    budget.characters -= kept.length;
    budget.views -= 1;
    found.push(kept);
  };
  const runs = encodedRuns(text);
  for (let index = 0; index < runs.length; index += 3) {
    const start = runs[index]!;
    const end = runs[index + 1]!;
    const allHex = runs[index + 2] === 1;
    if (budget.views <= 0) break;
    const run = cap(text.slice(start, end), budget);
    const asHex = allHex
      ? readable(Buffer.from(run.length % 2 === 0 ? run : run.slice(0, -1), 'hex'))
      : undefined;
    take(asHex ?? readable(Buffer.from(run, 'base64')));
  }
  for (const match of text.matchAll(escapedHexRun)) {
    if (budget.views <= 0) break;
    take(readable(Buffer.from(cap(match[0], budget).replaceAll('\\x', ''), 'hex')));
  }
  if (budget.views > 0 && countUpTo(text, percentCount, 3) >= 3) {
    take(text.replace(percentRun, decodePercentRun));
  }
  if (budget.views > 0) take(rot13View(text, budget.characters));
  return found;
}

/**
 * Runs of at least 16 base64 characters, three numbers each: start, end, 1 when every character
 * is a hex digit. One pass over the character codes (a regex would retry at every character of a
 * long word), into a flat array (a generator of tuples took half again as long on a megabyte).
 */
function encodedRuns(text: string): number[] {
  const runs: number[] = [];
  const length = text.length;
  let start = -1;
  let allHex = 1;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const kind = code < 128 ? runClass[code]! : 0;
    if (kind !== 0) {
      if (start < 0) {
        start = index;
        allHex = 1;
      }
      if (kind !== 2) allHex = 0;
      continue;
    }
    if (start >= 0 && index - start >= shortestRun) runs.push(start, index, allHex);
    start = -1;
  }
  if (start >= 0 && length - start >= shortestRun) runs.push(start, length, allHex);
  return runs;
}

/** At most the bytes the budget could still hold (base64 and hex shrink when decoded). */
function cap(run: string, budget: Budget): string {
  const limit = budget.characters * 2 + 4;
  return run.length > limit ? run.slice(0, limit - (limit % 4)) : run;
}

/**
 * UTF-8 text when the bytes read as mostly printable text with spaces, or as another encoded run
 * (a nested encoding, decoded at the next level), else undefined.
 */
function readable(bytes: Buffer): string | undefined {
  if (bytes.length < 6) return undefined;
  const text = bytes.toString('utf8');
  let printable = 0;
  let spaces = 0;
  let encoded = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x20) spaces++;
    if ((code < 128 && runClass[code]! > 0) || code === 0x25 || code === 0x3d) encoded++;
    if (
      (code >= 0x20 && code < 0x7f) ||
      code === 0x0a ||
      code === 0x09 ||
      (code >= 0xa0 && code !== 0xfffd)
    ) {
      printable++;
    }
  }
  if (printable < text.length * 0.9) return undefined;
  return spaces > 0 || (encoded === text.length && text.length >= shortestRun) ? text : undefined;
}

function decodePercentRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return Buffer.from(run.replaceAll('%', ''), 'hex').toString('latin1');
  }
}

function countUpTo(text: string, pattern: RegExp, limit: number): number {
  let count = 0;
  for (const _match of text.matchAll(pattern)) if (++count >= limit) break;
  return count;
}

/**
 * Where a rot13 view of the text would start reading (its first rot13 cue word), or -1 when the
 * text does not read as English once rotated: fewer than three rot13 cue words, or no more of
 * them than of the plain ones (each count capped at 1,000). One scan for both kinds, which ends
 * as soon as 1,000 plain cues settle it (English prose, in its first few kilobytes); past 1,000
 * rot13 cues only plain ones are counted on.
 */
export function rot13Start(text: string): number {
  let rotated = 0;
  let plain = 0;
  let first = -1;
  eitherCue.lastIndex = 0;
  for (let match = eitherCue.exec(text); match !== null; match = eitherCue.exec(text)) {
    if (match[1] === undefined) {
      if (++plain >= enoughCues) return -1;
      continue;
    }
    if (first < 0) first = match.index;
    if (++rotated < enoughCues) continue;
    plainCue.lastIndex = eitherCue.lastIndex;
    while (plain < enoughCues && plainCue.exec(text) !== null) plain++;
    break;
  }
  return rotated < 3 || rotated <= plain ? -1 : first;
}

/** The rot13 view of the text when it reads as English there and not before, from just before its first cue. */
function rot13View(text: string, room: number): string | undefined {
  if (room <= 0) return undefined;
  const first = rot13Start(text);
  if (first < 0) return undefined;
  const start = Math.max(0, first - 200);
  const part = text.slice(start, start + room);
  const codes = new Uint16Array(part.length);
  for (let index = 0; index < part.length; index++) {
    const code = part.charCodeAt(index);
    const lower = code | 0x20;
    codes[index] = lower >= 0x61 && lower <= 0x7a ? code + (lower <= 0x6d ? 13 : -13) : code;
  }
  return new TextDecoder('utf-16le').decode(codes);
}
