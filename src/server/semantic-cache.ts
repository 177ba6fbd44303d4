// The semantic cache's process-wide parts (docs/caching.md#semantic-cache): the embedding thread,
// started on the first request of a route that uses it (a gateway without one never loads the
// model), and one threshold calibrator per route, fed with verdicts on would-be hits that went
// upstream. Entries live in the exact cache's store, each with its prompt's embedding; the
// thread's index maps meaning to their digests. When the thread starts, it is rebuilt from the
// store (a restart with `cache.persist`, or a replica joining a cluster on Redis); while it runs,
// new entries and verdicts go to the other replicas on the notifier, so they share one index and
// one calibration per route. When the store drops answers (evicted for room, expired, purged), the
// index forgets their prompts, and a purge of a shared store is passed on to the other replicas;
// an entry whose answer left unseen (Redis's own expiry) is forgotten when a lookup finds it gone.

import { hash, randomUUID } from 'node:crypto';
import type { RouteCache } from '../config/route-cache.js';
import type { AnswerStore, DroppedEntries } from '../cache/exact/answer-store.js';
import { canonicalJson } from '../cache/canonical-json.js';
import { ThresholdCalibrator } from '../cache/semantic/threshold-calibrator.js';
import type { SemanticStats } from '../cache/semantic/semantic-messages.js';
import type { Lookup, SemanticThread } from '../cache/semantic/semantic-thread.js';
import { vectorFromText, vectorText } from '../cache/semantic/vector-text.js';
import { useModel } from '../cache/semantic/use-embedder.js';
import type { SemanticCacheSettings } from '../config/cache-schema.js';
import type { Notifier } from '../storage/notifier.js';
import type { SemanticLookupOutcome } from '../telemetry/semantic-outcomes.js';
import type { CalibrationStore } from '../cache/semantic/calibration-store.js';
import { parseSemanticNews, semanticChannel, type SemanticNews, type Unsent } from './semantic-news.js';
import { rebuildIndex } from './semantic-rebuild.js';

/** The part of SemanticThread the gateway uses (tests give a fake one). */
export type SemanticIndex = Pick<
  SemanticThread,
  'lookup' | 'lookupVector' | 'add' | 'addMany' | 'remove' | 'close'
> &
  Partial<Pick<SemanticThread, 'stats'>> & {
    model: string;
    dimensions: number;
  };

export interface SemanticCacheOptions {
  log: (line: string) => void;
  /** Told how each lookup ended, by route alias (the gateway counts them on /metrics). */
  onLookup?: (route: string, outcome: SemanticLookupOutcome) => void;
  /** The index's size per embedder (cache.semanticMaxBytes; default 64 MiB). */
  maxBytes?: number;
  /** The exact cache's store, read to rebuild the index when the thread starts. */
  store?: AnswerStore | undefined;
  /** Shares entries and verdicts with the other replicas (Redis in a cluster). */
  notifier?: Notifier | undefined;
  /** Where route calibrations outlive the process (loaded by listen(), saved every 30 s and on close). */
  calibrations?: CalibrationStore | undefined;
  /** Tests: other indexes than the worker threads (`vectors`: the provider's model and size). */
  start?: (vectors?: { model: string; dimensions: number }) => Promise<SemanticIndex>;
  /** How often changed calibrations are saved (default 30 s). */
  saveEveryMs?: number;
}

/**
 * Neighbours a lookup asks for: when the nearest one's answer is gone from the store (Redis's
 * `maxmemory` evictions are not reported to the index), the next ones are tried.
 */
export const neighbours = 3;

export class SemanticCache {
  readonly #options: SemanticCacheOptions;
  readonly #origin = randomUUID();
  /** One index per embedder: the embedded encoder's, and one per provider embeddings model. */
  readonly #slots = new Map<string, IndexSlot>();
  #unsubscribe: (() => Promise<void>) | undefined;
  readonly #calibrators = new Map<string, Calibrated>();
  #changed = false;
  #saver: NodeJS.Timeout | undefined;

  constructor(options: SemanticCacheOptions) {
    this.#options = options;
    options.store?.watchDrops((dropped) => this.#dropped(dropped));
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

  /**
   * The nearest cached prompts' digests and scores (`neighbours` of them, best first) within the
   * partition for this embedder, with what to file the request's prompt under afterwards.
   * Undefined while the embedder's index starts. `embed`: texts through the route named by
   * settings.embedder (embed-through-route.ts).
   */
  async nearest(
    partitionFor: (embedder: string) => string,
    text: string,
    settings: SemanticCacheSettings,
    embed?: (texts: string[]) => Promise<Float32Array[]>,
  ): Promise<SemanticFound | undefined> {
    if (settings.embedder === undefined || embed === undefined) {
      const index = this.#ready(encoderSlot);
      if (index === undefined) return undefined;
      const partition = partitionFor(index.model);
      const lookup = await index.lookup(partition, text, neighbours, settings.budgetMs);
      // A text too long to embed whole is never filed: its vector would stand for other prompts.
      const content =
        lookup.status === 'searched' ? lookup.vector : lookup.reason === 'too-long' ? undefined : text;
      return { lookup, partition, embedder: index.model, content };
    }
    const model = `gateway:${settings.embedder}`;
    const partition = partitionFor(model);
    const startedAt = Date.now();
    // The embedding goes on past the budget if it must: a late vector still files the prompt.
    const vector = embed([text]).then(
      (vectors) => vectors[0],
      () => undefined,
    );
    const inTime: Float32Array | undefined | typeof late = await Promise.race([
      vector,
      sleep(settings.budgetMs).then((): typeof late => late),
    ]);
    if (inTime === late || inTime === undefined) {
      const reason = inTime === late ? 'timeout' : 'failed';
      return { lookup: { status: 'miss', reason }, partition, embedder: model, content: vector };
    }
    const index = this.#ready(model, inTime.length);
    const remaining = Math.max(1, settings.budgetMs - (Date.now() - startedAt));
    const lookup: Lookup =
      index === undefined
        ? { status: 'miss', reason: 'busy' }
        : await index.lookupVector(partition, inTime, neighbours, remaining);
    return { lookup, partition, embedder: model, content: inTime };
  }

  /**
   * Files a stored answer's prompt under its digest, here and on the other replicas, until the
   * answer expires at `expiresAt` (epoch ms; absent: not known to).
   */
  async add(
    digest: string,
    partition: string,
    embedder: string,
    content: string | Float32Array,
    expiresAt?: number,
  ): Promise<void> {
    const slot = this.#slots.get(embedder);
    await slot?.index?.add(digest, partition, content, expiresAt);
    if (typeof content !== 'string') {
      this.#publish({
        kind: 'entry',
        digest,
        partition,
        embedder,
        vector: vectorText(content),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
    }
  }

  /** Reports how a lookup ended (semantic-lookup.ts). */
  counted(route: string, outcome: SemanticLookupOutcome): void {
    this.#options.onLookup?.(route, outcome);
  }

  /** Forgets a digest whose entry is gone from the store (here only: the others find out alike). */
  forget(digest: string): void {
    this.#remove([digest]);
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

  /** The running indexes' figures (one per embedder in use); one that cannot say is left out. */
  async stats(): Promise<SemanticStats[]> {
    const running = [...this.#slots.values()].flatMap((slot) =>
      slot.index === undefined ? [] : [slot.index],
    );
    const figures = await Promise.all(
      running.map(async (index) =>
        index.stats === undefined ? undefined : index.stats().catch(() => undefined),
      ),
    );
    return figures.filter((stats): stats is SemanticStats => stats !== undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.#saver);
    await this.#save();
    await this.#unsubscribe?.().catch(() => undefined);
    for (const slot of this.#slots.values()) {
      const index = slot.index ?? (await slot.starting?.catch(() => undefined));
      await index?.close();
    }
  }

  /** The embedder's index when it is running; otherwise starts it and says nothing yet. */
  #ready(embedder: string, dimensions?: number): SemanticIndex | undefined {
    let slot = this.#slots.get(embedder);
    if (slot?.index !== undefined) return slot.index;
    if (slot?.starting !== undefined) return undefined;
    slot = {};
    this.#slots.set(embedder, slot);
    const { log } = this.#options;
    const startedAt = Date.now();
    const vectors = embedder === encoderSlot ? undefined : { model: embedder, dimensions: dimensions ?? 0 };
    const maxBytes = this.#options.maxBytes;
    const starting = (this.#options.start ?? ((wanted) => startThread(log, wanted, maxBytes)))(vectors);
    const current = slot;
    current.starting = starting.then(
      async (started) => {
        const { indexed, error } = await rebuildIndex(this.#options.store, started);
        if (error !== undefined) {
          log(
            `switchyard warn: the semantic cache's rebuild read ${indexed} cached prompts, not all: ` +
              `the cache's store failed (${error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error)}); prompts cached from now on are indexed as usual.`,
          );
        }
        log(
          `Semantic cache ready: ${started.model} loaded in ${Date.now() - startedAt} ms` +
            (indexed > 0 ? `, ${indexed} cached ${indexed === 1 ? 'prompt' : 'prompts'} indexed.` : '.'),
        );
        return (current.index = started);
      },
      (error: unknown) => {
        log(`switchyard warn: the semantic cache could not start: ${String(error)}`);
        this.#slots.delete(embedder);
        throw error;
      },
    );
    current.starting.catch(() => undefined);
    return undefined;
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

  /**
   * The store dropped these answers: their prompts go from the indexes, everywhere when shared
   * (even from a replica whose own index has not started: the others' have).
   */
  #dropped({ digests, shared }: DroppedEntries): void {
    this.#remove(digests);
    if (!shared) return;
    for (let start = 0; start < digests.length; start += forgetBatch) {
      this.#publish({ kind: 'forget', digests: digests.slice(start, start + forgetBatch) });
    }
  }

  #remove(digests: string[]): void {
    for (const slot of this.#slots.values()) void slot.index?.remove(digests).catch(() => 0);
  }

  #apply(news: SemanticNews): void {
    if (news.kind === 'forget') {
      this.#remove(news.digests);
      return;
    }
    if (news.kind === 'verdict') {
      this.calibrator(news.routeKey, news).record(news.score, news.correct);
      this.#changed = true;
      return;
    }
    const index = this.#slots.get(news.embedder)?.index;
    const vector = index && vectorFromText(news.vector, index.dimensions);
    if (index && vector) {
      void index.add(news.digest, news.partition, vector, news.expiresAt).catch(() => undefined);
    }
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

/** Digests in one message to the other replicas (a purge of 100k entries sends 200). */
const forgetBatch = 500;

/** The embedded encoder's slot (its model's name). */
const encoderSlot = useModel;

interface IndexSlot {
  index?: SemanticIndex;
  starting?: Promise<SemanticIndex>;
}

/** What a lookup found, and what to file the prompt under once its answer is stored. */
export interface SemanticFound {
  lookup: Lookup;
  partition: string;
  /** The embedder's model name (partitions and stored vectors belong to one embedder). */
  embedder: string;
  /**
   * The prompt's vector, a vector still on its way (a late provider embedding), or its text;
   * undefined when the prompt must not be filed (longer than the model reads).
   */
  content: string | Float32Array | Promise<Float32Array | undefined> | undefined;
}

const late = Symbol('late');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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
  return hash('sha256', canonicalJson(keyed), 'hex');
}

async function startThread(
  log: (line: string) => void,
  vectorsOnly: { model: string; dimensions: number } | undefined,
  maxBytes: number | undefined,
): Promise<SemanticIndex> {
  const { SemanticThread } = await import('../cache/semantic/semantic-thread.js');
  const thread = new SemanticThread({
    ...(vectorsOnly === undefined ? {} : { vectorsOnly }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
    onLost: (error) =>
      log(`switchyard warn: the semantic cache's thread stopped; its index starts over: ${error.message}`),
  });
  await thread.warm();
  return thread;
}
