// The exact cache for a cluster: entries in Redis, shared by every replica, each with its own TTL
// (Redis's maxmemory policy bounds the total). A key names the entry's tags, base64url-encoded, so
// a purge by organisation, route, model or namespace is a SCAN over one pattern. Reads give up
// after `readTimeoutMs` and count as misses: a slow Redis never holds a request for long.
//
// The semantic index's rebuild reads only each entry's meaning: a Lua script decodes the stored
// answers inside Redis and returns the prompt's vector, partition, embedder and storing time, 100
// entries a call. Fetching and parsing the whole answers on the event loop (about 1.8 KB each)
// took a replica joining with 100,000 of them to a peak of some 300 MB resident, against about
// 240 MB this way (bench/semantic-full-index.ts). A Redis that refuses scripts (an ACL, a
// managed service) gets the whole answers instead, reported once. Scans, purges and calibrations
// are not requests: they go over a second connection that waits longer and tries a step again,
// so a Redis busy for a moment does not end a rebuild (as the reads' 100 ms limit did).

import { Redis } from 'ioredis';
import type { AnswerStore, DroppedEntries, EntryKey, PurgeFilter, StoredMeaning } from './answer-store.js';
import type { CachedAnswer } from './cached-answer.js';
import type { CacheTags } from './exact-key.js';
import { readCalibration, type CalibrationStore } from '../semantic/calibration-store.js';

export interface RedisAnswerStoreOptions {
  url: string;
  /** Prefix of every key (storage.redisPrefix). */
  prefix: string;
  /** Longest wait for one read or write. */
  readTimeoutMs?: number;
  /** Where read and write failures go (they never reach the request). */
  onError: (error: unknown) => void;
}

export class RedisAnswerStore implements AnswerStore {
  readonly #redis: Redis;
  /** Scans, purges and calibrations: longer waits, and each step tried again (bulkStep). */
  readonly #bulk: Redis;
  readonly #prefix: string;
  readonly #onError: (error: unknown) => void;
  readonly #listeners: Array<(dropped: DroppedEntries) => void> = [];
  /** False once Redis refused the meanings script: whole answers are read instead. */
  #scripts = true;

  private constructor(redis: Redis, prefix: string, onError: (error: unknown) => void) {
    this.#redis = redis;
    // Connects at its first command; queues while it reconnects (nobody is waiting on a request).
    this.#bulk = redis.duplicate({
      lazyConnect: true,
      commandTimeout: bulkTimeoutMs,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
    this.#bulk.on('error', onError);
    this.#prefix = `${prefix}cache:`;
    this.#onError = onError;
  }

  static async connect(options: RedisAnswerStoreOptions): Promise<RedisAnswerStore> {
    const redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: 5000,
      commandTimeout: options.readTimeoutMs ?? 100,
      maxRetriesPerRequest: 1,
      // While disconnected, a read fails at once (a miss) instead of queueing behind the reconnect.
      enableOfflineQueue: false,
    });
    redis.on('error', options.onError);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`cannot reach Redis for the cache at ${new URL(options.url).host}: ${String(error)}`, {
        cause: error,
      });
    }
    return new RedisAnswerStore(redis, options.prefix, options.onError);
  }

  async get(key: EntryKey): Promise<CachedAnswer | undefined> {
    try {
      const stored = await this.#redis.get(this.#entryKey(key.tags, key.digest));
      return stored === null ? undefined : (JSON.parse(stored) as CachedAnswer);
    } catch (error) {
      this.#onError(error);
      return undefined;
    }
  }

  async set(digest: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    try {
      await this.#redis.set(this.#entryKey(answer.tags, digest), JSON.stringify(answer), 'PX', ttlMs);
    } catch (error) {
      this.#onError(error);
    }
  }

  async scanMeanings(visit: (digest: string, meaning: StoredMeaning) => void): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await bulkStep(() =>
        this.#bulk.scan(cursor, 'MATCH', `${escapeGlob(this.#prefix)}*`, 'COUNT', 1000),
      );
      cursor = next;
      for (let start = 0; start < keys.length; start += meaningsBatch) {
        const batch = keys.slice(start, start + meaningsBatch);
        // Visited once read whole: a step tried again never visits an entry twice.
        const rows = await bulkStep(() => this.#readMeanings(batch));
        for (const [digest, meaning] of rows) visit(digest, meaning);
        // Room for requests between batches: a rebuild runs beside traffic.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } while (cursor !== '0');
  }

  /** The meanings of these keys' answers (keys that hold none are left out). */
  async #readMeanings(keys: string[]): Promise<Array<[string, StoredMeaning]>> {
    const found: Array<[string, StoredMeaning]> = [];
    if (this.#scripts) {
      try {
        const rows = (await this.#bulk.eval(meaningsScript, keys.length, ...keys)) as string[];
        const now = Date.now();
        for (let row = 0; row + meaningFields <= rows.length; row += meaningFields) {
          const [key, storedAt, partition, vector, embedder, ttl] = rows.slice(row, row + meaningFields) as [
            string,
            string,
            string,
            string,
            string,
            string,
          ];
          const meaning = embedder === '' ? { partition, vector } : { partition, vector, embedder };
          found.push([digestOf(key), storedMeaning(meaning, Number(storedAt), Number(ttl), now)]);
        }
        return found;
      } catch (error) {
        // Redis's own answer (an ACL's NOPERM, scripting switched off), not a lost connection.
        if (!isReplyError(error)) throw error;
        this.#scripts = false;
        this.#onError(
          new Error(`Redis refused the cache's meanings script; reading whole answers: ${error.message}`),
        );
      }
    }
    const pipeline = this.#bulk.pipeline().mget(...keys);
    for (const key of keys) pipeline.pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
    const now = Date.now();
    const values = (replies[0]?.[1] ?? []) as Array<string | null>;
    values.forEach((value, index) => {
      if (value === null) return;
      try {
        const { meaning, storedAt } = JSON.parse(value) as CachedAnswer;
        if (meaning === undefined) return;
        const left = Number(replies[index + 1]?.[1] ?? -1);
        found.push([digestOf(keys[index]!), storedMeaning(meaning, storedAt, left, now)]);
      } catch {
        // An entry that is not JSON is skipped, not fatal to the rest.
      }
    });
    return found;
  }

  async purge(filter: PurgeFilter): Promise<number> {
    const any = '*';
    const part = (value: string | undefined): string => (value === undefined ? any : encode(value));
    const pattern =
      `${escapeGlob(this.#prefix)}${encode(filter.organizationId)}:` +
      `${part(filter.route)}:${part(filter.model)}:${part(filter.namespace)}:*`;
    let dropped = 0;
    let cursor = '0';
    do {
      const [next, keys] = await bulkStep(() => this.#bulk.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      cursor = next;
      if (keys.length === 0) continue;
      // UNLINK again is harmless: a key already gone counts 0.
      dropped += await bulkStep(() => this.#bulk.unlink(...keys));
      const digests = keys.map(digestOf);
      for (const listener of this.#listeners) listener({ digests, shared: true });
    } while (cursor !== '0');
    return dropped;
  }

  /** Purges only: Redis expires and evicts entries on its own, unseen. */
  watchDrops(listener: (dropped: DroppedEntries) => void): void {
    this.#listeners.push(listener);
  }

  /** The semantic routes' calibrations in one Redis hash beside the entries. */
  calibrations(): CalibrationStore {
    // Beside the entries' `cache:` keys, not among them (scans and purges never meet it).
    const key = `${this.#prefix.slice(0, -1)}-calibrations`;
    return {
      load: async () => {
        const fields = await bulkStep(() => this.#bulk.hgetall(key));
        return Object.values(fields).flatMap((text) => {
          try {
            const calibration = readCalibration(JSON.parse(text));
            return calibration === undefined ? [] : [calibration];
          } catch {
            return [];
          }
        });
      },
      save: async (calibrations) => {
        if (calibrations.length === 0) return;
        const fields: string[] = [];
        for (const calibration of calibrations) {
          fields.push(
            `${calibration.routeKey}\u0000${calibration.errorBudget}\u0000${calibration.confidence}`,
            JSON.stringify(calibration),
          );
        }
        await bulkStep(() => this.#bulk.hset(key, ...fields));
      },
    };
  }

  async close(): Promise<void> {
    // The bulk connection may never have connected: quit would wait for it.
    if (this.#bulk.status === 'ready') await this.#bulk.quit().catch(() => this.#bulk.disconnect());
    else this.#bulk.disconnect();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #entryKey(tags: CacheTags, digest: string): string {
    const { organizationId, route, model, namespace } = tags;
    return `${this.#prefix}${encode(organizationId)}:${encode(route)}:${encode(model)}:${encode(namespace)}:${digest}`;
  }
}

/** Tag text in a key: base64url has no ':' and no glob characters. */
function encode(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url') || '-';
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

/** A meaning with its storing time and, from the key's PTTL (`left` ms; negative: none), its expiry. */
function storedMeaning(
  meaning: NonNullable<CachedAnswer['meaning']>,
  storedAt: number,
  left: number,
  now: number,
): StoredMeaning {
  return { ...meaning, storedAt, ...(left > 0 ? { expiresAt: now + left } : {}) };
}

/** An entry's digest: the last part of its key. */
function digestOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

/** Longest wait for one step of a scan, purge or calibration read (a read waits readTimeoutMs). */
const bulkTimeoutMs = 2000;
/** Pauses before a failed step is tried again: three tries in all. */
const bulkRetryPausesMs = [250, 1000];

/** Redis's own refusal (a wrong type, an ACL, a script error): trying again gives the same. */
function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

/** One step of a scan or purge, tried again after a lost connection or a timeout. */
async function bulkStep<Result>(step: () => Promise<Result>): Promise<Result> {
  for (const pauseMs of bulkRetryPausesMs) {
    try {
      return await step();
    } catch (error) {
      if (isReplyError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  return step();
}

/** Keys whose meanings one script call returns. */
const meaningsBatch = 100;
/** Strings per entry in the script's reply. */
const meaningFields = 6;

/**
 * For each key (KEYS) holding an answer filed by meaning: the key, its storing time (whole
 * milliseconds as text: Lua's tostring would round), partition, vector, embedder ('' when absent)
 * and the milliseconds it has left (PTTL: -1 when it has no expiry). Expired keys, keys of another
 * type (pcall: GET's WRONGTYPE would end the script) and values that are not answers are left out.
 */
const meaningsScript = `
local rows = {}
for _, key in ipairs(KEYS) do
  local text = redis.pcall('GET', key)
  if type(text) == 'string' then
    local ok, answer = pcall(cjson.decode, text)
    if ok and type(answer) == 'table' and type(answer.meaning) == 'table'
      and type(answer.meaning.partition) == 'string' and type(answer.meaning.vector) == 'string' then
      local embedder = answer.meaning.embedder
      rows[#rows + 1] = key
      rows[#rows + 1] = string.format('%.0f', tonumber(answer.storedAt) or 0)
      rows[#rows + 1] = answer.meaning.partition
      rows[#rows + 1] = answer.meaning.vector
      rows[#rows + 1] = type(embedder) == 'string' and embedder or ''
      local left = redis.pcall('PTTL', key)
      rows[#rows + 1] = string.format('%.0f', type(left) == 'number' and left or -1)
    end
  end
end
return rows
`;
