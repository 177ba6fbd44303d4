// The input of `switchyard guard scan`: JSON lines {"text": "...", "mode": "user" | "document"},
// blank lines skipped, each with its line number. Read lazily, so the lines before a bad one are
// scanned (and printed) before the bad one stops the command with its number.

import { CliError } from './cli-error.js';

export interface ScanLine {
  /** 1-based, counting blank lines. */
  line: number;
  text: string;
  mode: 'user' | 'document';
}

export function* scanLines(input: string): Generator<ScanLine> {
  // A file saved with a byte-order mark (as Windows editors do) starts with U+FEFF: not text.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    yield parseLine(line, index + 1);
  }
}

function parseLine(line: string, number: number): ScanLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliError(`line ${number} is not JSON: expected {"text": "...", "mode": "user" | "document"}`);
  }
  const { text, mode } = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (typeof text !== 'string') throw new CliError(`line ${number} has no "text" string`);
  if (mode !== undefined && mode !== 'user' && mode !== 'document') {
    throw new CliError(`line ${number}: "mode" must be "user" or "document"`);
  }
  return { line: number, text, mode: mode ?? 'user' };
}
