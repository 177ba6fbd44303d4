// Replays spill files into the store, oldest first, in batches with a pause between them so live
// traffic keeps its share of the one insert lane. A file is deleted only once all its lines are
// stored; a failure leaves it whole for a later pass (inserts skip stored ids). Knows no queue.

import { unlink } from 'node:fs/promises';
import type { RequestRecord } from './request-record.js';
import type { SpillFileEntry } from './spill-files.js';
import { readSpillFile } from './spill-reader.js';

export interface SpillReplayContext {
  batchSize: number;
  /** Pause after each replayed batch: bounds the replay rate to batchSize per pauseMs. */
  pauseMs: number;
  /** Stores a batch; throws when the store fails. */
  insert(batch: readonly RequestRecord[]): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Checked between batches: true once the writer is closing. */
  stopped(): boolean;
  onStored(count: number): void;
  /** The file was fully stored and deleted; `tornLines` of its lines were skipped. */
  onFileDone(entry: SpillFileEntry, tornLines: number): void;
  /** The file could not be read or deleted; it is left where it is. */
  onFileError(entry: SpillFileEntry, error: unknown): void;
}

export type SpillReplayResult =
  | { outcome: 'done' }
  | { outcome: 'stopped' }
  /** An insert failed: the store is down again and the rest waits for the next pass. */
  | { outcome: 'failed'; error: unknown };

export async function replaySpillFiles(
  files: readonly SpillFileEntry[],
  context: SpillReplayContext,
): Promise<SpillReplayResult> {
  for (const file of files) {
    if (context.stopped()) return { outcome: 'stopped' };
    const result = await replaySpillFile(file, context);
    if (result.outcome !== 'done') return result;
  }
  return { outcome: 'done' };
}

async function replaySpillFile(
  file: SpillFileEntry,
  context: SpillReplayContext,
): Promise<SpillReplayResult> {
  let content;
  try {
    content = await readSpillFile(file.path);
  } catch (error) {
    // Gone (another process replayed it) or unreadable: either way nothing here can be stored now.
    context.onFileError(file, error);
    return { outcome: 'done' };
  }
  const { records } = content;
  for (let start = 0; start < records.length; start += context.batchSize) {
    if (context.stopped()) return { outcome: 'stopped' };
    const batch = records.slice(start, start + context.batchSize);
    try {
      await context.insert(batch);
    } catch (error) {
      return { outcome: 'failed', error };
    }
    context.onStored(batch.length);
    await context.sleep(context.pauseMs);
  }
  try {
    await unlink(file.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      context.onFileError(file, error);
      return { outcome: 'done' };
    }
  }
  context.onFileDone(file, content.tornLines);
  return { outcome: 'done' };
}
