// The semantic cache's process-wide parts (docs/caching.md#semantic-cache): the embedding thread,
// started on the first request of a route that uses it (a gateway without one never loads the
// model), and one threshold calibrator per route, fed with verdicts on would-be hits that went
// upstream. Entries live in the exact cache's store, each with its prompt's embedding; the
// thread's index maps meaning to their digests. When the thread starts, it is rebuilt from the
// store (a restart with `cache.persist`, or a replica joining a cluster on Redis); while it runs,
// new entries and verdicts go to the other replicas on the notifier, so they share one index and
// one calibration per route. An entry that expired or was purged is simply not found, and dropped.

import { createHash, randomUUID } from 'node:crypto';
import type { RouteCache } from '../config/resolve-model.js';
import type { AnswerStore } from '../cache/exact/answer-store.js';
import { canonicalJson } from '../cache/canonical-json.js';
import { ThresholdCalibrator } from '../cache/semantic/threshold-calibrator.js';
import type { Lookup, SemanticThread } from '../cache/semantic/semantic-thread.js';
import { vectorFromText, vectorText } from '../cache/semantic/vector-text.js';
import type { SemanticCacheSettings } from '../config/cache-schema.js';
import type { Notifier } from '../storage/notifier.js';
import type { CalibrationStore } from '../cache/semantic/calibration-store.js';
import { parseSemanticNews, semanticChannel, type SemanticNews, type Unsent } from './semantic-news.js';

/** The part of SemanticThread the gateway uses (tests give a fake one). */
export type SemanticIndex = Pick<SemanticThread, 'lookup' | 'add' | 'remove' | 'close'> & {
  model: string;
  dimensions: number;
};

export interface SemanticCacheOptions {
  log: (line: string) => void;
  /** The exact cache's store, read to rebuild the index when the thread starts. */
  store?: AnswerStore | undefined;
  /** Shares entries and verdicts with the other replicas (Redis in a cluster). */
  notifier?: Notifier | undefined;
  /** Where route calibrations outlive the process (loaded by listen(), saved every 30 s and on close). */
  calibrations?: CalibrationStore | undefined;
  /** Tests: another index than the encoder's thread. */
  start?: () => Promise<SemanticIndex>;
  /** How often changed calibrations are saved (default 30 s). */
  saveEveryMs?: number;
}

export class SemanticCache {
  readonly #options: SemanticCacheOptions;
  readonly #origin = randomUUID();
  #index: SemanticIndex | undefined;
  #starting: Promise<SemanticIndex> | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;
  readonly #calibrators = new Map<string, Calibrated>();
  #changed = false;
  #saver: NodeJS.Timeout | undefined;

  constructor(options: SemanticCacheOptions) {
    this.#options = options;
  }

  /** Loads stored calibrations and listens to the other replicas (before the first request). */
  async listen(): Promise<void> {
    const { calibrations, log } = this.#options;
    if (calibrations !== undefined) {
      try {
        for (const stored of await calibrations.load()) {
          const calibrator = ThresholdCalibrator.fromSnapshot(stored.snapshot, stored);
          this.#calibrators.set(calibrationKey(stored.routeKey, stored), { ...stored, calibrator });
        }
      } catch (error) {
        log(
          `switchyard warn: could not load the semantic cache's calibrations (starting afresh): ${String(error)}`,
        );
      }
      this.#saver = setInterval(() => void this.#save(), this.#options.saveEveryMs ?? 30_000);
      this.#saver.unref();
    }
    const notifier = this.#options.notifier;
    if (notifier === undefined) return;
    this.#unsubscribe = await notifier.subscribe(semanticChannel, (text) => {
      const news = parseSemanticNews(text);
      if (news !== undefined && news.origin !== this.#origin) this.#apply(news);
    });
  }

  /** The nearest cached prompt's digest and score, or undefined while the model is loading. */
  async nearest(
    /** The partition for the embedder's model (it is part of the partition). */
    partitionFor: (embedder: string) => string,
    text: string,
    settings: SemanticCacheSettings,
  ): Promise<{ lookup: Lookup; partition: string } | undefined> {
    const index = this.#index;
    if (index === undefined) {
      this.#startIndex();
      return undefined;
    }
    const partition = partitionFor(index.model);
    return { lookup: await index.lookup(partition, text, 1, settings.budgetMs), partition };
  }

  /** Files a stored answer's prompt under its digest, here and on the other replicas. */
  async add(digest: string, partition: string, content: string | Float32Array): Promise<void> {
    await this.#index?.add(digest, partition, content);
    if (typeof content !== 'string')
      this.#publish({ kind: 'entry', digest, partition, vector: vectorText(content) });
  }

  /** Forgets a digest whose entry is gone from the store. */
  forget(digest: string): void {
    void this.#index?.remove(digest).catch(() => false);
  }

  /** The route's calibrator (one per route definition: an edited route starts over). */
  calibrator(
    routeKey: string,
    settings: Pick<SemanticCacheSettings, 'errorBudget' | 'confidence'>,
  ): ThresholdCalibrator {
    const key = calibrationKey(routeKey, settings);
    let calibrated = this.#calibrators.get(key);
    if (calibrated === undefined) {
      const { errorBudget, confidence } = settings;
      const calibrator = new ThresholdCalibrator({ errorBudget, confidence });
      calibrated = { routeKey, errorBudget, confidence, calibrator };
      this.#calibrators.set(key, calibrated);
    }
    return calibrated.calibrator;
  }

  /** A verdict on a would-be hit: recorded here and on the other replicas. */
  verdict(
    routeKey: string,
    settings: Pick<SemanticCacheSettings, 'errorBudget' | 'confidence'>,
    score: number,
    correct: boolean,
  ): void {
    this.calibrator(routeKey, settings).record(score, correct);
    this.#changed = true;
    const { errorBudget, confidence } = settings;
    this.#publish({ kind: 'verdict', routeKey, errorBudget, confidence, score, correct });
  }

  async close(): Promise<void> {
    clearInterval(this.#saver);
    await this.#save();
    await this.#unsubscribe?.().catch(() => undefined);
    const index = this.#index ?? (await this.#starting?.catch(() => undefined));
    await index?.close();
  }

  #startIndex(): void {
    if (this.#starting !== undefined) return;
    const { log } = this.#options;
    const startedAt = Date.now();
    this.#starting = (this.#options.start ?? (() => startThread(log)))().then(
      async (started) => {
        const restored = await this.#rebuild(started);
        log(
          `Semantic cache ready: ${started.model} loaded in ${Date.now() - startedAt} ms` +
            (restored > 0 ? `, ${restored} cached ${restored === 1 ? 'prompt' : 'prompts'} indexed.` : '.'),
        );
        return (this.#index = started);
      },
      (error: unknown) => {
        log(`switchyard warn: the semantic cache could not start: ${String(error)}`);
        this.#starting = undefined;
        throw error;
      },
    );
    this.#starting.catch(() => undefined);
  }

  /** Indexes the stored entries that carry an embedding of this model's size. */
  async #rebuild(index: SemanticIndex): Promise<number> {
    const adds: Array<Promise<void>> = [];
    await this.#options.store?.scan((digest, answer) => {
      const vector = answer.meaning && vectorFromText(answer.meaning.vector, index.dimensions);
      if (vector && answer.meaning) adds.push(index.add(digest, answer.meaning.partition, vector));
    });
    const results = await Promise.allSettled(adds);
    return results.filter((result) => result.status === 'fulfilled').length;
  }

  /** Writes the calibrations when a verdict changed them since the last save. */
  async #save(): Promise<void> {
    const store = this.#options.calibrations;
    if (store === undefined || !this.#changed) return;
    this.#changed = false;
    const all = [...this.#calibrators.values()].map(({ routeKey, errorBudget, confidence, calibrator }) => ({
      routeKey,
      errorBudget,
      confidence,
      snapshot: calibrator.toJSON(),
    }));
    await store.save(all).catch((error: unknown) => {
      this.#changed = true;
      this.#options.log(
        `switchyard warn: could not save the semantic cache's calibrations: ${String(error)}`,
      );
    });
  }

  #apply(news: SemanticNews): void {
    if (news.kind === 'verdict') {
      this.calibrator(news.routeKey, news).record(news.score, news.correct);
      this.#changed = true;
      return;
    }
    const index = this.#index;
    const vector = index && vectorFromText(news.vector, index.dimensions);
    if (index && vector) void index.add(news.digest, news.partition, vector).catch(() => undefined);
  }

  #publish(news: Unsent<SemanticNews>): void {
    const notifier = this.#options.notifier;
    if (notifier === undefined) return;
    notifier
      .publish(semanticChannel, JSON.stringify({ ...news, origin: this.#origin }))
      .catch((error: unknown) => {
        this.#options.log(`switchyard warn: could not share a semantic cache update: ${String(error)}`);
      });
  }
}

interface Calibrated {
  routeKey: string;
  errorBudget: number;
  confidence: number;
  calibrator: ThresholdCalibrator;
}

function calibrationKey(routeKey: string, settings: { errorBudget: number; confidence: number }): string {
  return `${routeKey}\u0000${settings.errorBudget}\u0000${settings.confidence}`;
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
