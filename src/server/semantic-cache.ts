// The semantic cache's process-wide parts (docs/caching.md#semantic-cache): the embedding thread,
// started on the first request of a route that uses it (a gateway without one never loads the
// model), and one threshold calibrator per route, fed with verdicts on would-be hits that went
// upstream. Entries live in the exact cache's store; the thread's index maps a prompt's meaning to
// their digests, so an entry that expired or was purged is simply not found and is dropped.

import { createHash } from 'node:crypto';
import type { RouteCache } from '../config/resolve-model.js';
import { canonicalJson } from '../cache/canonical-json.js';
import { ThresholdCalibrator } from '../cache/semantic/threshold-calibrator.js';
import type { Lookup, SemanticThread } from '../cache/semantic/semantic-thread.js';
import type { SemanticCacheSettings } from '../config/cache-schema.js';

/** The part of SemanticThread the gateway uses (tests give a fake one). */
export type SemanticIndex = Pick<SemanticThread, 'lookup' | 'add' | 'remove' | 'close'> & { model: string };

export class SemanticCache {
  readonly #start: () => Promise<SemanticIndex>;
  readonly #log: (line: string) => void;
  #index: SemanticIndex | undefined;
  #starting: Promise<SemanticIndex> | undefined;
  readonly #calibrators = new Map<string, ThresholdCalibrator>();

  constructor(log: (line: string) => void, start?: () => Promise<SemanticIndex>) {
    this.#log = log;
    this.#start = start ?? (() => startThread(log));
  }

  /** The nearest cached prompt's digest and score, or a miss (also while the model is loading). */
  async nearest(
    /** The partition for the embedder's model (it is part of the partition). */
    partitionFor: (embedder: string) => string,
    text: string,
    settings: SemanticCacheSettings,
  ): Promise<{ lookup: Lookup; partition: string } | undefined> {
    const index = this.#index;
    if (index === undefined) {
      const startedAt = Date.now();
      this.#starting ??= this.#start().then(
        (started) => {
          this.#log(`Semantic cache ready: ${started.model} loaded in ${Date.now() - startedAt} ms.`);
          return (this.#index = started);
        },
        (error: unknown) => {
          this.#log(`switchyard warn: the semantic cache could not start: ${String(error)}`);
          this.#starting = undefined;
          throw error;
        },
      );
      this.#starting.catch(() => undefined);
      return undefined;
    }
    const partition = partitionFor(index.model);
    return { lookup: await index.lookup(partition, text, 1, settings.budgetMs), partition };
  }

  /** Files a stored answer's prompt under its digest (after the answer went out). */
  async add(digest: string, partition: string, content: string | Float32Array): Promise<void> {
    await this.#index?.add(digest, partition, content);
  }

  /** Forgets a digest whose entry is gone from the store. */
  forget(digest: string): void {
    void this.#index?.remove(digest).catch(() => false);
  }

  /** The route's calibrator (one per route definition: an edited route starts over). */
  calibrator(routeKey: string, settings: SemanticCacheSettings): ThresholdCalibrator {
    const key = `${routeKey}\u0000${settings.errorBudget}\u0000${settings.confidence}`;
    let calibrator = this.#calibrators.get(key);
    if (calibrator === undefined) {
      calibrator = new ThresholdCalibrator({
        errorBudget: settings.errorBudget,
        confidence: settings.confidence,
      });
      this.#calibrators.set(key, calibrator);
    }
    return calibrator;
  }

  async close(): Promise<void> {
    const index = this.#index ?? (await this.#starting?.catch(() => undefined));
    await index?.close();
  }
}

/** The partition a request's meaning is compared within: everything but its compared text. */
export function semanticPartition(input: {
  exactTags: unknown;
  dialect: string;
  route: RouteCache;
  forwardHeaders: unknown;
  context: unknown;
  embedder: string;
}): string {
  const keyed = {
    tags: input.exactTags,
    dialect: input.dialect,
    routeDigest: input.route.routeDigest,
    headers: input.forwardHeaders,
    context: input.context,
    embedder: input.embedder,
  };
  return createHash('sha256').update(canonicalJson(keyed)).digest('hex');
}

async function startThread(log: (line: string) => void): Promise<SemanticIndex> {
  const { SemanticThread } = await import('../cache/semantic/semantic-thread.js');
  const thread = new SemanticThread({
    onLost: (error) =>
      log(`switchyard warn: the semantic cache's thread stopped; its index starts over: ${error.message}`),
  });
  await thread.warm();
  return thread;
}
