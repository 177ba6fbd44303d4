// The event loop's handle on the semantic worker thread (semantic-worker.ts): lookups with their
// own latency budget that never throw — slow, busy, failed or closed is a miss, and the caller
// goes on to the provider — plus writes and embeddings that may fail normally (they run off the
// response path). The thread owns the index; if it dies, its entries are gone and `onLost` says so.

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../io/start-worker.js';
import type { Embedder } from './embedder.js';
import type { SemanticReply, SemanticRequest, SemanticStats } from './semantic-messages.js';
import { cacheDefaults } from '../../config/cache-schema.js';
import type { SemanticWorkerData } from './semantic-worker.js';
import { useDimensions, useModel } from './use-embedder.js';
import type { ScoredId } from './vector-index.js';

export interface SemanticThreadOptions {
  /** A lookup not answered within this is a miss (default 50 ms). */
  budgetMs?: number;
  /** Lookups waiting at once beyond this are misses at once (default 32). */
  maxPending?: number;
  /** Longer texts are never looked up: truncating would make different prompts look the same. */
  maxTextLength?: number;
  /** Texts embedded together in the thread (default 4: ~1.7× the throughput of one at a time here). */
  maxBatch?: number;
  /** No model in the thread: vectors of this model and size come embedded (lookupVector, add). */
  vectorsOnly?: { model: string; dimensions: number };
  /** Prefilter candidates rescored per search (default 256). */
  candidates?: number;
  /** The index's size: past it the oldest filed are evicted (default 64 MiB: about 100,000 entries at 512 dimensions). */
  maxBytes?: number;
  /** The thread died (or failed to start) with the index in it; a new one starts empty on next use. */
  onLost?: (error: Error) => void;
  /** Tests: start something else than semantic-worker. */
  start?: () => Worker;
}

/**
 * A small young generation for the thread: the encoder's and the index's data sit outside V8's
 * heap, and with the default (semi-spaces of 16 MB) the thread's short-lived garbage kept some
 * 50 MB more resident (docs/decisions/0007-semantic-cache-index.md, session 10).
 */
const workerLimits = { maxYoungGenerationSizeMb: 4 };

export type MissReason = 'timeout' | 'busy' | 'failed' | 'too-long' | 'empty' | 'closed';

export type Lookup =
  | { status: 'searched'; hits: ScoredId[]; vector: Float32Array }
  | { status: 'miss'; reason: MissReason; detail?: string };

interface Pending {
  settle(reply: SemanticReply): void;
  timer?: NodeJS.Timeout;
  lookup: boolean;
}

type Body<Request> = Request extends SemanticRequest ? Omit<Request, 'id'> : never;

export class SemanticThread implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  readonly #budgetMs: number;
  readonly #maxPending: number;
  readonly #maxTextLength: number;
  readonly #start: () => Worker;
  readonly #onLost: ((error: Error) => void) | undefined;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #lookupsPending = 0;
  #closed = false;

  constructor(options: SemanticThreadOptions = {}) {
    this.#budgetMs = options.budgetMs ?? 50;
    this.#maxPending = options.maxPending ?? 32;
    this.#maxTextLength = options.maxTextLength ?? 4000;
    this.#onLost = options.onLost;
    this.model = options.vectorsOnly?.model ?? useModel;
    this.dimensions = options.vectorsOnly?.dimensions ?? useDimensions;
    const workerData: SemanticWorkerData = {
      maxBatch: options.maxBatch ?? 4,
      candidates: options.candidates ?? 256,
      maxBytes: options.maxBytes ?? cacheDefaults.semanticMaxBytes,
      ...(options.vectorsOnly === undefined ? {} : { vectorsOnly: options.vectorsOnly }),
    };
    this.#start =
      options.start ??
      (() => startWorker(import.meta.url, 'semantic-worker', { workerData, resourceLimits: workerLimits }));
  }

  /** Starts the thread and loads the model (do it at start-up: until then every lookup misses). */
  async warm(): Promise<void> {
    await this.#call({ type: 'warm' });
  }

  /** The `k` nearest entries of `partition` to `text`, or a miss; never rejects. */
  async lookup(partition: string, text: string, k = 1, budgetMs = this.#budgetMs): Promise<Lookup> {
    if (this.#closed) return { status: 'miss', reason: 'closed' };
    if (text.trim() === '') return { status: 'miss', reason: 'empty' };
    if (text.length > this.#maxTextLength) return { status: 'miss', reason: 'too-long' };
    if (this.#lookupsPending >= this.#maxPending) return { status: 'miss', reason: 'busy' };
    const deadline = Date.now() + budgetMs;
    return lookupOf(await this.#send({ type: 'lookup', partition, text, k, deadline }, budgetMs, true));
  }

  /** The `k` nearest entries of `partition` to a vector embedded elsewhere, or a miss; never rejects. */
  async lookupVector(
    partition: string,
    vector: Float32Array,
    k = 1,
    budgetMs = this.#budgetMs,
  ): Promise<Lookup> {
    if (this.#closed) return { status: 'miss', reason: 'closed' };
    if (this.#lookupsPending >= this.#maxPending) return { status: 'miss', reason: 'busy' };
    const deadline = Date.now() + budgetMs;
    return lookupOf(
      await this.#send({ type: 'lookup-vector', partition, vector, k, deadline }, budgetMs, true),
    );
  }

  /** Embeds texts in the thread (the Embedder interface); rejects on failure. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const reply = await this.#call({ type: 'embed', texts: [...texts], deadline: Number.MAX_SAFE_INTEGER });
    if (reply.type !== 'vectors') throw new Error(`unexpected reply ${reply.type}`);
    return reply.vectors;
  }

  /**
   * Adds an entry by its text (embedded in the thread) or by a vector already known (a lookup's),
   * whose answer expires at `expiresAt` (epoch ms; absent: not known to). Rejects a text longer
   * than maxTextLength or than the model reads.
   */
  async add(
    entryId: string,
    partition: string,
    content: string | Float32Array,
    expiresAt?: number,
  ): Promise<void> {
    const expiry = expiresAt === undefined ? {} : { expiresAt };
    if (typeof content === 'string') {
      if (content.length > this.#maxTextLength) throw new RangeError('the text is longer than maxTextLength');
      const reply = await this.#call({ type: 'add', entryId, partition, text: content, ...expiry });
      if (reply.type === 'too-long') throw new RangeError('the text is longer than the model reads');
    } else {
      await this.#call({ type: 'add-vector', entryId, partition, vector: content, ...expiry });
    }
  }

  /**
   * Files many entries in one message (an index rebuilt from storage): `vectors` packs one vector
   * per id, in order; `filedAt` and `expiresAt` (epoch ms, 0 for none) one time each. Its memory
   * is handed to the thread (moved, not copied: unusable here afterwards) unless it is a view into
   * a larger buffer, which is copied. Resolves with how many were filed (a zero vector is skipped).
   */
  async addMany(
    entryIds: string[],
    partitions: string[],
    vectors: Int8Array | Float32Array,
    filedAt?: Float64Array,
    expiresAt?: Float64Array,
  ): Promise<number> {
    const whole =
      vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength
        ? vectors
        : vectors.slice();
    const body = {
      type: 'add-many' as const,
      entryIds,
      partitions,
      vectors: whole,
      ...(filedAt === undefined ? {} : { filedAt }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    const reply = await this.#call(body, [whole.buffer as ArrayBuffer]);
    if (reply.type !== 'added') throw new Error(`unexpected reply ${reply.type}`);
    return reply.added;
  }

  /** Removes entries whose answers are gone; resolves with how many the index held. */
  async remove(entryIds: readonly string[]): Promise<number> {
    if (entryIds.length === 0) return 0;
    const reply = await this.#call({ type: 'remove', entryIds: [...entryIds] });
    return reply.type === 'removed' ? reply.removed : 0;
  }

  async stats(): Promise<SemanticStats> {
    const reply = await this.#call({ type: 'stats' });
    if (reply.type !== 'stats') throw new Error(`unexpected reply ${reply.type}`);
    return reply.stats;
  }

  /** Stops the thread; waiting lookups become misses, other calls reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll('the semantic thread is closed');
    await worker?.terminate();
  }

  /** A call outside the lookup budget: rejects when the thread answers with an error. */
  async #call(body: Body<SemanticRequest>, transfer: ArrayBuffer[] = []): Promise<SemanticReply> {
    if (this.#closed) throw new Error('the semantic thread is closed');
    const reply = await this.#send(body, undefined, false, transfer);
    if (reply.type === 'error') throw new Error(reply.message);
    return reply;
  }

  #send(
    body: Body<SemanticRequest>,
    budgetMs: number | undefined,
    lookup: boolean,
    transfer: ArrayBuffer[] = [],
  ): Promise<SemanticReply> {
    const id = this.#nextId++;
    return new Promise<SemanticReply>((resolve) => {
      const pending: Pending = {
        lookup,
        settle: (reply) => {
          if (!this.#pending.delete(id)) return;
          clearTimeout(pending.timer);
          if (pending.lookup) this.#lookupsPending--;
          resolve(reply);
        },
      };
      this.#pending.set(id, pending);
      if (lookup) this.#lookupsPending++;
      if (budgetMs !== undefined) {
        pending.timer = setTimeout(() => pending.settle({ id, type: 'expired' }), budgetMs);
        pending.timer.unref();
      }
      try {
        this.#ensureWorker().postMessage({ ...body, id }, transfer);
      } catch (error) {
        pending.settle({ id, type: 'error', message: `the semantic thread did not start: ${String(error)}` });
      }
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = this.#start();
    // Never keeps the process alive on its own: the gateway's server does.
    worker.unref();
    worker.on('message', (reply: SemanticReply) => this.#pending.get(reply.id)?.settle(reply));
    const lost = (error: Error): void => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failAll(error.message);
      this.#onLost?.(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the semantic thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(message: string): void {
    for (const [id, pending] of [...this.#pending]) pending.settle({ id, type: 'error', message });
  }
}

/** A lookup's reply as the caller sees it: hits, or a miss with its reason. */
function lookupOf(reply: SemanticReply): Lookup {
  if (reply.type === 'hits') return { status: 'searched', hits: reply.hits, vector: reply.vector };
  if (reply.type === 'expired') return { status: 'miss', reason: 'timeout' };
  if (reply.type === 'too-long') return { status: 'miss', reason: 'too-long' };
  const detail = reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}`;
  return { status: 'miss', reason: 'failed', detail };
}
