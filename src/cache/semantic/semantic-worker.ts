// The semantic cache's thread (semantic-thread.ts starts it): it owns the embedding model and the
// vector index, so neither a 20 ms embedding nor a 3 ms scan ever runs on the event loop.
// Requests that arrive while it is busy are taken together: lookups first, up to `maxBatch` texts
// embedded in one call. Messages: semantic-messages.ts.

import { parentPort, workerData } from 'node:worker_threads';
import { SemanticHandler } from './semantic-handler.js';
import type { SemanticRequest } from './semantic-messages.js';
import { loadUseEmbedder } from './use-embedder.js';
import { vectorsOnlyEmbedder } from './vectors-only.js';

/** Options the starting thread passes as workerData. */
export interface SemanticWorkerData {
  maxBatch: number;
  candidates: number;
  /** The index's size: past it the oldest filed are evicted. */
  maxBytes?: number;
  /** Set: no model here; vectors come embedded (a provider's model), of this name and size. */
  vectorsOnly?: { model: string; dimensions: number };
}

const port = parentPort;
const data = (workerData ?? {}) as Partial<SemanticWorkerData>;
const maxBatch = data.maxBatch ?? 4;
const vectorsOnly = data.vectorsOnly;
const handler = new SemanticHandler({
  loadEmbedder: vectorsOnly === undefined ? loadUseEmbedder : async () => vectorsOnlyEmbedder(vectorsOnly),
  candidates: data.candidates,
  maxBytes: data.maxBytes,
});
const waiting: SemanticRequest[] = [];
let draining = false;

port?.on('message', (request: SemanticRequest) => {
  waiting.push(request);
  if (!draining) {
    draining = true;
    // After the messages already delivered have been queued: they join this batch.
    setImmediate(() => void drain());
  }
});

async function drain(): Promise<void> {
  while (waiting.length > 0) {
    const batch = takeBatch();
    const replies = await handler.handle(batch);
    for (const reply of replies) port?.postMessage(reply);
    // Let messages that arrived meanwhile be queued before the next batch is chosen.
    await new Promise((resolve) => setImmediate(resolve));
  }
  draining = false;
}

/**
 * Reads (lookups, embeds: someone waits for them) before writes, writes in the order sent (an add
 * then a remove of one id must not swap); at most `maxBatch` texts. A lookup may therefore still
 * see an entry whose removal was sent just before it: callers resolve ids in their store anyway.
 */
function takeBatch(): SemanticRequest[] {
  const urgent = (request: SemanticRequest): boolean =>
    request.type === 'lookup' || request.type === 'lookup-vector' || request.type === 'embed';
  waiting.sort((left, right) => Number(urgent(right)) - Number(urgent(left)));
  const batch: SemanticRequest[] = [];
  let texts = 0;
  while (waiting.length > 0) {
    const request = waiting[0]!;
    const size =
      request.type === 'embed'
        ? request.texts.length
        : request.type === 'lookup' || request.type === 'add'
          ? 1
          : 0;
    if (batch.length > 0 && texts + size > maxBatch) break;
    batch.push(waiting.shift()!);
    texts += size;
  }
  return batch;
}
