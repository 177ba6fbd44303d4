// Faster ways to the matches of three PII patterns whose global scan tried every position of a
// text: in a megabyte of prose they took about 45% of the PII scan (a base64 run of 40, an IPv6
// address, a connection string). Each finds the positions a match can start at from something
// every match holds (a ':' or "://" near its start, a run of exactly 40 characters) and tries the
// pattern there, anchored: the same matches, in the same order, as `text.matchAll(pattern)`.

/** A sticky copy of a pattern, for tries at one position. */
export function anchored(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y');
}

/** One anchored try at `start`: the match, or null. */
function tryAt(sticky: RegExp, text: string, start: number): RegExpExecArray | null {
  sticky.lastIndex = start;
  return sticky.exec(text);
}

/**
 * The matches of a pattern each of which holds `anchor` within its first `reach` characters
 * (counting from the match's start to the anchor's): for each anchor, in order, the positions up
 * to `reach` before it are tried from the earliest.
 */
export function* matchesNear(
  text: string,
  sticky: RegExp,
  anchor: string,
  reach: number,
): Generator<RegExpExecArray> {
  let from = 0;
  for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, Math.max(at + 1, from))) {
    for (let start = Math.max(from, at - reach); start <= at; start++) {
      const match = tryAt(sticky, text, start);
      if (match === null) continue;
      yield match;
      from = start + Math.max(1, match[0].length);
      break;
    }
  }
}

const hexDigit = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);

/**
 * The matches of the IPv6 candidate pattern (hex groups of up to 4 joined by ':', not preceded by
 * a hex digit or ':'): a match starts where the run of hex digits before its first ':' starts,
 * so only a ':' with at most 4 hex digits before it is tried, from that run's start.
 */
export function* ipv6Matches(text: string, sticky: RegExp): Generator<RegExpExecArray> {
  let from = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
    let start = colon;
    while (start > 0 && colon - start < 5 && hexDigit(text.charCodeAt(start - 1))) start--;
    from = colon + 1;
    if (colon - start > 4) continue;
    const match = tryAt(sticky, text, start);
    if (match === null) continue;
    yield match;
    from = Math.max(from, start + match[0].length);
  }
}

/** Codes of [A-Za-z0-9/+]. */
const base64Character = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x30 && code <= 0x39) ||
  code === 0x2f ||
  code === 0x2b;

/**
 * Where runs of exactly `length` characters of [A-Za-z0-9/+] start that no '=' follows: the
 * matches of `(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{length}(?![A-Za-z0-9/+=])`, in one pass.
 */
export function* base64Runs(text: string, length: number): Generator<number> {
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1;
    if (base64Character(code)) {
      if (start < 0) start = index;
      continue;
    }
    if (start >= 0 && index - start === length && code !== 0x3d) yield start;
    start = -1;
  }
}
