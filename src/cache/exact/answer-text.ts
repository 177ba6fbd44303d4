// How the in-process cache writes an answer as text (memory-answer-store.ts). A JSON answer's body
// is itself JSON text: written inside a JSON document it would be escaped on every store and
// unescaped on every hit (about 4 µs each way for a typical 700-byte answer). So a JSON answer is
// written as a marker, its other fields as one line of JSON, a newline, then the body as it is; a
// streamed answer (a response object) stays one JSON document. Both forms are read back, so cache
// snapshots written before the marker existed still load.

import type { CachedAnswer } from './cached-answer.js';

/** Starts the two-part form; never the first character of a JSON document. */
const marker = '\u0001';

export function answerText(answer: CachedAnswer): string {
  const { content, ...rest } = answer;
  if (content.kind !== 'json') return JSON.stringify(answer);
  // JSON.stringify never writes a raw newline, so the first one ends the fields.
  return `${marker}${JSON.stringify(rest)}\n${content.body}`;
}

export function parseAnswerText(text: string): CachedAnswer {
  if (!text.startsWith(marker)) return JSON.parse(text) as CachedAnswer;
  const end = text.indexOf('\n');
  const rest = JSON.parse(text.slice(marker.length, end)) as Omit<CachedAnswer, 'content'>;
  return { ...rest, content: { kind: 'json', body: text.slice(end + 1) } };
}

/** When the answer was stored, without reading its body. */
export function storedAtOf(text: string): number {
  const fields = text.startsWith(marker) ? text.slice(marker.length, text.indexOf('\n')) : text;
  return (JSON.parse(fields) as Pick<CachedAnswer, 'storedAt'>).storedAt;
}
