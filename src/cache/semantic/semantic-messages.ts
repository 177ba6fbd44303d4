// The messages between the event loop (semantic-thread.ts) and the semantic worker thread
// (semantic-worker.ts, semantic-handler.ts). Types only. `deadline` is epoch milliseconds
// (Date.now() is the same clock in every thread): work already past it is skipped, not done late.

import type { ScoredId } from './vector-index.js';

export type SemanticRequest =
  | { id: number; type: 'lookup'; partition: string; text: string; k: number; deadline: number }
  /** A search by a vector embedded elsewhere (a provider's embedding model). */
  | {
      id: number;
      type: 'lookup-vector';
      partition: string;
      vector: Float32Array;
      k: number;
      deadline: number;
    }
  | { id: number; type: 'embed'; texts: string[]; deadline: number }
  /** `expiresAt`: when the entry's answer expires, epoch ms (absent: not known to). */
  | { id: number; type: 'add'; entryId: string; partition: string; text: string; expiresAt?: number }
  | {
      id: number;
      type: 'add-vector';
      entryId: string;
      partition: string;
      vector: Float32Array;
      expiresAt?: number;
    }
  /** Many entries at once (an index rebuilt from storage): `vectors` packs one per id, in order. */
  | {
      id: number;
      type: 'add-many';
      entryIds: string[];
      partitions: string[];
      vectors: Int8Array | Float32Array;
      /** When each was filed, epoch ms (stored answers' times); absent: now. */
      filedAt?: Float64Array;
      /** When each one's answer expires, epoch ms (0: not known to); absent: none known. */
      expiresAt?: Float64Array;
    }
  /** Entries whose answers are gone from the store (unknown ids are skipped). */
  | { id: number; type: 'remove'; entryIds: string[] }
  | { id: number; type: 'stats' }
  | { id: number; type: 'warm' };

/** What the thread reports about itself. */
export interface SemanticStats {
  model: string;
  dimensions: number;
  entries: number;
  partitions: number;
  /** The index's bytes (vectors exactly, bookkeeping estimated). */
  bytes: number;
  /** Entries evicted, oldest first, because the index held more than its cap. */
  evicted: number;
  /** Entries removed because their answers left the store (evicted, expired, purged), or expired. */
  removed: number;
  /** Requests skipped because their deadline had passed before the thread reached them. */
  expired: number;
  /** How long the model took to load. */
  loadMs: number;
}

export type SemanticReply =
  | { id: number; type: 'hits'; hits: ScoredId[]; vector: Float32Array }
  | { id: number; type: 'vectors'; vectors: Float32Array[] }
  | { id: number; type: 'done' }
  /** How many entries of an add-many were filed. */
  | { id: number; type: 'added'; added: number }
  /** How many of a remove's ids the index held. */
  | { id: number; type: 'removed'; removed: number }
  | { id: number; type: 'stats'; stats: SemanticStats }
  | { id: number; type: 'expired' }
  /** The text is longer than the model reads (Embedder.covers): neither searched nor filed. */
  | { id: number; type: 'too-long' }
  | { id: number; type: 'error'; message: string };
