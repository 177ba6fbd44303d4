// Test support for the cluster audit (test/cluster-audit-*.test.ts): N gateway replicas that share
// one Postgres schema (keys, records) and, optionally, one Redis prefix (notifier, exact cache),
// in front of fault upstreams on 127.0.0.1. A replica may reach Redis (or Postgres) through its
// own TcpCutProxy, so a test can cut one replica off without touching the shared servers.
// Everything is stopped when the test ends.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished, vi } from 'vitest';
import type { PostgresTestContext, RedisTestContext } from '../../src/storage/testing/services.js';
import { FaultUpstream } from '../../src/upstream/testing/fault-upstream.js';
import type { FaultPlan } from '../../src/upstream/testing/fault-plan.js';
import { TcpCutProxy } from './tcp-cut-proxy.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface Cluster {
  replicas: TestGateway[];
  upstreams: Record<string, FaultUpstream>;
  /** The proxy each replica reaches Redis through, when `proxyRedis` was asked for. */
  redisProxies: TcpCutProxy[];
  /** The proxy each replica reaches Postgres through, when `proxyPostgres` was asked for. */
  postgresProxies: TcpCutProxy[];
  /** This cluster's own Postgres schema, and a URL whose search_path is it. */
  schema: string;
  postgresUrl: string;
}

export interface ClusterOptions {
  postgres: PostgresTestContext;
  redis?: RedisTestContext;
  replicas: number;
  /** One OpenAI-dialect provider per entry, named like it. */
  upstreams: Record<string, FaultPlan>;
  /** The rest of the config: models, defaults, cache... */
  yaml: string;
  /** Each replica reaches Redis through its own cuttable proxy. */
  proxyRedis?: boolean;
  /** Each replica reaches Postgres through its own cuttable proxy (for the pool and the notifier). */
  proxyPostgres?: boolean;
}

export const clusterSecret = 'cluster-audit-secret-0123456789abcdef0123456789';

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  // Replicas must share the secret keys are HMAC'd under (docs/operations.md, Scaling out).
  vi.stubEnv('SWITCHYARD_SECRET', clusterSecret);
  onTestFinished(() => void vi.unstubAllEnvs());
  // A fresh schema and Redis prefix per cluster, so tests of one suite never share keys or counters.
  const schema = `cluster_audit_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.postgres.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const postgresUrl = new URL(options.postgres.url);
  postgresUrl.searchParams.set('options', `-c search_path=${schema}`);
  onTestFinished(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  });
  const upstreams: Record<string, FaultUpstream> = {};
  for (const [name, plan] of Object.entries(options.upstreams))
    upstreams[name] = await new FaultUpstream({ plan }).start();
  const providers = Object.entries(upstreams)
    .map(([name, up]) => `  ${name}: { type: openai, baseUrl: ${up.origin}/v1, apiKey: ${name}-key }`)
    .join('\n');
  const replicas: TestGateway[] = [];
  const redisProxies: TcpCutProxy[] = [];
  const postgresProxies: TcpCutProxy[] = [];
  onTestFinished(async () => {
    for (const replica of replicas) await replica.close().catch(() => undefined);
    for (const proxy of [...redisProxies, ...postgresProxies]) await proxy.close();
    await Promise.all(Object.values(upstreams).map((upstream) => upstream.stop()));
  });
  for (let index = 0; index < options.replicas; index++) {
    let redisLine = '';
    if (options.redis !== undefined) {
      let url = options.redis.url;
      if (options.proxyRedis === true) {
        const target = new URL(options.redis.url);
        const proxy = await TcpCutProxy.start(target.hostname, Number(target.port || 6379));
        redisProxies.push(proxy);
        url = `redis://127.0.0.1:${proxy.port}`;
      }
      redisLine = `\n  redisUrl: ${url}`;
    }
    let replicaPostgresUrl = postgresUrl.toString();
    if (options.proxyPostgres === true) {
      const proxy = await TcpCutProxy.start(postgresUrl.hostname, Number(postgresUrl.port || 5432));
      postgresProxies.push(proxy);
      const viaProxy = new URL(postgresUrl);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      replicaPostgresUrl = viaProxy.toString();
    }
    const prefix = `${options.redis?.prefix ?? ''}${schema}:`;
    const config = `
storage:
  postgresUrl: "${replicaPostgresUrl}"
  redisPrefix: "${prefix}"${redisLine}
providers:
${providers}
${options.yaml}`;
    const first = replicas[0];
    replicas.push(await startTestGateway(config, {}, first));
  }
  return { replicas, upstreams, redisProxies, postgresProxies, schema, postgresUrl: postgresUrl.toString() };
}

/** POST a small chat completion to a replica with a key. */
export function chat(
  replica: TestGateway,
  key: string,
  model: string,
  headers: Record<string, string> = {},
  /** The client gives up (the fetch rejects) after this long. */
  timeoutMs = 8000,
): Promise<Response> {
  return fetch(`${replica.url}/v1/chat/completions`, {
    signal: AbortSignal.timeout(timeoutMs),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
}

/** A new virtual key made on `replica` through the admin API. */
export async function createKey(replica: TestGateway, name: string): Promise<{ key: string; id: string }> {
  const created = await fetch(`${replica.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${replica.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (created.status !== 201)
    throw new Error(`key create answered ${created.status}: ${await created.text()}`);
  const body = (await created.json()) as { key: string; record: { id: string } };
  return { key: body.key, id: body.record.id };
}

export async function revokeKey(replica: TestGateway, id: string): Promise<Response> {
  return fetch(`${replica.url}/admin/keys/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${replica.adminToken}` },
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
