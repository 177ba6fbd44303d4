// What the request log's text search means, in one place for every backend: which bodies are
// searchable, how much of each is indexed, how text splits into words. No SQL, no I/O.

import { createHash } from 'node:crypto';
import type { BodyPolicy, RequestRecord } from '../telemetry/request-record.js';
import { StorageError } from './storage-error.js';

/**
 * Only bodies kept as content are searched: a `metadata` prompt is a shape summary (roles, tool
 * names) whose words would make false matches, and `off` keeps nothing.
 */
export const searchablePolicies: readonly BodyPolicy[] = ['redacted', 'full'];

/**
 * Characters of a prompt or a response that are indexed. A cap keeps one huge body from making an
 * insert fail (Postgres refuses a tsvector over 1 MB) or an index entry balloon; the Postgres index
 * expression in postgres/migrations.ts uses the same number.
 */
export const searchableCharacters = 100_000;

const maxSearchCharacters = 1000;
const maxSearchWords = 32;

/** Letters and digits in any script; everything else separates words (as FTS5's unicode61 does). */
const wordPattern = /[\p{L}\p{N}]+/gu;

export function isSearchable(record: Pick<RequestRecord, 'bodyPolicy'>): boolean {
  return searchablePolicies.includes(record.bodyPolicy);
}

/** The part of a body that is indexed. */
export function searchableText(body: string | null): string | null {
  return body === null ? null : body.slice(0, searchableCharacters);
}

/** Lowercased distinct words of a text, in order of first appearance. */
export function textWords(text: string): string[] {
  return [...new Set(Array.from(text.toLowerCase().matchAll(wordPattern), (match) => match[0]))];
}

/** The words a RecordFilter's `text` asks for; invalid-input when it has none or too many. */
export function searchWords(text: unknown): string[] {
  if (typeof text !== 'string') throw new StorageError('invalid-input', 'text must be a string');
  if (text.length > maxSearchCharacters)
    throw new StorageError('invalid-input', `text must be at most ${maxSearchCharacters} characters`);
  const words = textWords(text);
  if (words.length === 0) throw new StorageError('invalid-input', 'text must contain at least one word');
  if (words.length > maxSearchWords)
    throw new StorageError('invalid-input', `text must have at most ${maxSearchWords} words`);
  return words;
}

/** True when every word appears in the record's searchable prompt or response (the memory store's search). */
export function matchesWords(record: RequestRecord, words: readonly string[]): boolean {
  if (!isSearchable(record)) return false;
  const stored = new Set([
    ...textWords(searchableText(record.prompt) ?? ''),
    ...textWords(searchableText(record.response) ?? ''),
  ]);
  return words.every((word) => stored.has(word));
}

/**
 * The SQLite search table's rowid for a request: 64 bits of a hash of its id, so the row can be
 * found again from the id alone (to delete it) and survives a VACUUM.
 */
export function searchRowid(requestId: string): bigint {
  return createHash('sha256').update(requestId).digest().readBigInt64BE(0);
}
