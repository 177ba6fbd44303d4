// Test support for suites that need a real Postgres or Redis on 127.0.0.1: probes, and describe
// helpers that give each suite a fresh schema / key prefix. A missing server skips LOUDLY on a
// laptop and FAILS when CI=true: never a silent skip. Never imported by runtime code.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

export interface ServiceTestOptions {
  /** The server to use; defaults to SWITCHYARD_TEST_POSTGRES_URL / SWITCHYARD_TEST_REDIS_URL or 127.0.0.1. */
  url?: string;
  /** Whether a missing server fails the run; defaults to process.env.CI === 'true'. */
  ci?: boolean;
  /** Where the skip notice goes; defaults to console.warn. */
  warn?: (message: string) => void;
}

export interface PostgresTestContext {
  /** A connection string whose search_path is this suite's own fresh schema. */
  readonly url: string;
  readonly schema: string;
}

export interface RedisTestContext {
  readonly url: string;
  /** Prefix every key and channel with this, so parallel suites never meet. */
  readonly prefix: string;
}

interface Probe {
  available: boolean;
  url: string;
  /** Why it is not available, for the notice. */
  reason: string;
}

const probeTimeoutMs = 1000;
const defaultPostgresUrls = [
  'postgres://postgres@127.0.0.1:5432/test',
  'postgres://root@127.0.0.1:5432/test',
];
const defaultRedisUrl = 'redis://127.0.0.1:6379';
const probes = new Map<string, Promise<Probe>>();

function cached(key: string, run: () => Promise<Probe>): Promise<Probe> {
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = run();
    probes.set(key, probe);
  }
  return probe;
}

function candidatePostgresUrls(url?: string): string[] {
  const configured = url ?? process.env.SWITCHYARD_TEST_POSTGRES_URL;
  return configured === undefined || configured === '' ? defaultPostgresUrls : [configured];
}

function describeFailure(url: string, error: unknown): string {
  const { host } = new URL(url);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return `no server on ${host}`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot use ${host} (${message})`;
}

function probePostgres(url?: string): Promise<Probe> {
  const urls = candidatePostgresUrls(url);
  return cached(`postgres ${urls.join(' ')}`, async () => {
    let reason = '';
    for (const candidate of urls) {
      const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: probeTimeoutMs });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return { available: true, url: candidate, reason: '' };
      } catch (error) {
        reason ||= describeFailure(candidate, error);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return { available: false, url: urls[0] ?? '', reason };
  });
}

function probeRedis(url?: string): Promise<Probe> {
  const configured = url ?? process.env.SWITCHYARD_TEST_REDIS_URL;
  const target = configured === undefined || configured === '' ? defaultRedisUrl : configured;
  return cached(`redis ${target}`, async () => {
    const client = new Redis(target, {
      lazyConnect: true,
      connectTimeout: probeTimeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    // connect() rejects with a generic "Connection is closed"; the socket error says why.
    let socketError: unknown;
    client.on('error', (error) => (socketError ??= error));
    try {
      await client.connect();
      await client.ping();
      return { available: true, url: target, reason: '' };
    } catch (error) {
      return { available: false, url: target, reason: describeFailure(target, socketError ?? error) };
    } finally {
      client.disconnect();
    }
  });
}

export async function postgresAvailable(url?: string): Promise<boolean> {
  return (await probePostgres(url)).available;
}

export async function redisAvailable(url?: string): Promise<boolean> {
  return (await probeRedis(url)).available;
}

/** What a suite does when its service is up or down. */
export function servicePlan(available: boolean, ci: boolean): 'run' | 'skip' | 'fail' {
  if (available) return 'run';
  return ci ? 'fail' : 'skip';
}

interface ServiceSuite<Context> {
  service: string;
  probe: Probe;
  options: ServiceTestOptions;
  /** Creates the suite's isolated space on the server; returns its context and how to remove it. */
  prepare(url: string): Promise<{ context: Context; teardown: () => Promise<void> }>;
  factory(context: Context): void;
}

function countTests(task: { type: string; tasks?: readonly unknown[] }): number {
  if (task.type === 'test') return 1;
  return (task.tasks ?? []).reduce<number>(
    (sum, child) => sum + countTests(child as { type: string; tasks?: readonly unknown[] }),
    0,
  );
}

function registerServiceSuite<Context extends object>(suite: ServiceSuite<Context>): void {
  const { service, probe, options } = suite;
  let current: Context | undefined;
  // The factory runs at collection time; its hooks and tests read the context later, once prepared.
  const context = new Proxy({} as Context, {
    get(_target, property) {
      if (current === undefined)
        throw new Error(`${service} test context used before the suite was prepared`);
      return Reflect.get(current, property);
    },
  });
  const plan = servicePlan(probe.available, options.ci ?? process.env.CI === 'true');
  if (plan === 'run') {
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const prepared = await suite.prepare(probe.url);
      current = prepared.context;
      teardown = prepared.teardown;
    });
    afterAll(async () => teardown?.());
    suite.factory(context);
    return;
  }
  // Down: the factory is registered skipped, so none of its hooks touch the missing server. One
  // placeholder test keeps the outer suite running; it counts what was skipped and fails (CI) or
  // skips (laptop), and a laptop run also gets a loud notice.
  describe.skip(`${service} suite (not run: ${probe.reason})`, () => suite.factory(context));
  let skipped = 0;
  it(`needs ${service}`, (test) => {
    skipped = countTests(test.task.suite ?? { type: 'suite' }) - 1;
    const summary = `${skipped} ${service} tests: ${probe.reason}`;
    if (plan === 'fail') throw new Error(`${service} is required when CI=true; cannot run ${summary}`);
    test.skip(`${service}: ${probe.reason}`);
  });
  if (plan === 'skip') {
    const warn = options.warn ?? ((message: string) => console.warn(message));
    afterAll(() => warn(`*** SKIPPED ${skipped} ${service} tests: ${probe.reason} ***`));
  }
}

function randomName(): string {
  return randomBytes(6).toString('hex');
}

/** A describe block whose tests run against a real Postgres, in a fresh schema dropped afterwards. */
export function describeWithPostgres(
  name: string,
  factory: (postgres: PostgresTestContext) => void,
  options: ServiceTestOptions = {},
): void {
  describe(name, async () => {
    registerServiceSuite<PostgresTestContext>({
      service: 'Postgres',
      probe: await probePostgres(options.url),
      options,
      factory,
      prepare: async (url) => {
        const schema = `switchyard_test_${randomName()}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        const scoped = new URL(url);
        scoped.searchParams.set('options', `-c search_path=${schema}`);
        return {
          context: { url: scoped.toString(), schema },
          teardown: async () => {
            try {
              await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            } finally {
              await admin.end();
            }
          },
        };
      },
    });
  });
}

/** A describe block whose tests run against a real Redis, under a fresh key and channel prefix. */
export function describeWithRedis(
  name: string,
  factory: (redis: RedisTestContext) => void,
  options: ServiceTestOptions = {},
): void {
  describe(name, async () => {
    registerServiceSuite<RedisTestContext>({
      service: 'Redis',
      probe: await probeRedis(options.url),
      options,
      factory,
      prepare: async (url) => {
        const prefix = `switchyard-test-${randomName()}:`;
        return {
          context: { url, prefix },
          teardown: async () => {
            const client = new Redis(url, { maxRetriesPerRequest: 1 });
            try {
              const keys = await client.keys(`${prefix}*`);
              if (keys.length > 0) await client.del(...keys);
            } finally {
              client.disconnect();
            }
          },
        };
      },
    });
  });
}
