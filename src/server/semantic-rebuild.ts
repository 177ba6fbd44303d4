// Fills a fresh semantic index from the exact cache's store: every stored answer of a semantic
// route carries its prompt's embedding (int8 codes as text), so a restart or a joining replica
// needs no embedding. Entries go to the thread 1,024 to a message, their codes read straight into
// one block whose memory moves to the thread: a message and a float vector per entry made a start
// with 100k entries hold some 400 MB at once. A store that fails partway leaves the index with what
// was read: the caller says so, and the index serves (before, the cache never became ready).

import type { AnswerStore } from '../cache/exact/answer-store.js';
import { readCodes } from '../cache/semantic/vector-text.js';
import type { SemanticIndex } from './semantic-cache.js';

/** Stored entries sent to the thread in one message. */
const rebuildBatch = 1024;

interface Block {
  entryIds: string[];
  partitions: string[];
  codes: Int8Array;
  /** When each answer was stored: the index's cap evicts the oldest first. */
  filedAt: Float64Array;
  /** When each answer expires (0: not known to): searches pass it by from then on. */
  expiresAt: Float64Array;
}

export interface Rebuilt {
  /** Entries the index took. */
  indexed: number;
  /** Why the store's entries were not all read (the index holds those read before). */
  error?: unknown;
}

/** Indexes the stored entries embedded by the index's model, at its size. Never rejects. */
export async function rebuildIndex(store: AnswerStore | undefined, index: SemanticIndex): Promise<Rebuilt> {
  const dimensions = index.dimensions;
  const adds: Array<Promise<number>> = [];
  let block = emptyBlock(dimensions);
  const send = (): void => {
    const count = block.entryIds.length;
    if (count === 0) return;
    const codes = count === rebuildBatch ? block.codes : block.codes.slice(0, count * dimensions);
    adds.push(
      index.addMany(
        block.entryIds,
        block.partitions,
        codes,
        block.filedAt.slice(0, count),
        block.expiresAt.slice(0, count),
      ),
    );
    block = emptyBlock(dimensions);
  };
  let error: unknown;
  try {
    await store?.scanMeanings((digest, meaning) => {
      if ((meaning.embedder ?? index.model) !== index.model) return;
      if (!readCodes(meaning.vector, dimensions, block.codes, block.entryIds.length * dimensions)) return;
      block.filedAt[block.entryIds.length] = meaning.storedAt;
      block.expiresAt[block.entryIds.length] = meaning.expiresAt ?? 0;
      block.entryIds.push(digest);
      block.partitions.push(meaning.partition);
      if (block.entryIds.length === rebuildBatch) send();
    });
  } catch (thrown) {
    error = thrown;
  }
  send();
  const results = await Promise.allSettled(adds);
  const indexed = results.reduce(
    (sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0),
    0,
  );
  return error === undefined ? { indexed } : { indexed, error };
}

function emptyBlock(dimensions: number): Block {
  return {
    entryIds: [],
    partitions: [],
    codes: new Int8Array(rebuildBatch * dimensions),
    filedAt: new Float64Array(rebuildBatch),
    expiresAt: new Float64Array(rebuildBatch),
  };
}
