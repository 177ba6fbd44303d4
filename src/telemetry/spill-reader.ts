// Reads one spill file back into records for replay. A line that does not parse as a record (the
// torn last line of a process that died mid-append) is skipped and counted, never fatal. Read-only.

import { readFile } from 'node:fs/promises';
import type { RequestRecord } from './request-record.js';

export interface SpillFileContent {
  records: RequestRecord[];
  /** Lines skipped because they were not a whole JSON record. */
  tornLines: number;
}

/**
 * Reads the whole file: the writer rotates files at a bounded size (spillFileMaxBytes), so one
 * file always fits in memory and a simple split beats a line stream's bookkeeping.
 */
export async function readSpillFile(filePath: string): Promise<SpillFileContent> {
  const text = await readFile(filePath, 'utf8');
  return parseSpillText(text);
}

export function parseSpillText(text: string): SpillFileContent {
  const records: RequestRecord[] = [];
  let tornLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecordLine(line);
    if (record === undefined) tornLines += 1;
    else records.push(record);
  }
  return { records, tornLines };
}

function parseRecordLine(line: string): RequestRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    // Only the id is checked: it is what makes a replay idempotent; the store validates the rest.
    if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
      return value as RequestRecord;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
