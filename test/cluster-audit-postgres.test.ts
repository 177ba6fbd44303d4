// Cluster audit: Postgres slow or away, as replicas on Postgres see it. DESIGN.md: "the hot path is
// sacred ... logging ... off the response path"; "request records survive a crash or a slow
// database". The request log itself holds up (the passing test pins it on a locked table). What
// does not: each replica has ONE pool of 10 connections (storage/postgres/open-postgres-pool.ts)
// for the request log, the admin API's reads and the key lookups of the data plane; queries have
// no statement timeout and are not cancelled when their HTTP client leaves. And a key lookup that
// cannot reach Postgres is a non-retryable 500.

import pg from 'pg';
import { expect, it } from 'vitest';
import { describeWithPostgres } from '../src/storage/testing/services.js';
import { chat, createKey, sleep, startCluster } from './support/cluster-audit.js';

const yaml = `
models:
  chat:
    targets: [{ provider: primary, model: m }]
`;

describeWithPostgres('cluster audit: Postgres slow or away', (postgres) => {
  it('answers and keeps every record while the request log table is locked', async () => {
    const { replicas, upstreams, postgresUrl } = await startCluster({
      postgres,
      replicas: 2,
      upstreams: { primary: {} },
      yaml: `records: { queueCapacity: 100, batchSize: 20 }\n${yaml}`,
    });
    // Keys in each replica's cache first: this test is about the request log, not key lookups.
    for (const replica of replicas) expect((await chat(replica, replicas[0]!.key, 'chat')).status).toBe(200);
    const locker = new pg.Client({ connectionString: postgresUrl });
    await locker.connect();
    const count = async (): Promise<number> =>
      Number((await locker.query('SELECT count(*) AS n FROM request_records')).rows[0].n);
    // The two warm-up requests' records, whenever they land, plus the locked-out ones.
    const before = 2;
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE request_records IN ACCESS EXCLUSIVE MODE');
    const total = 240;
    const answers: Array<{ status: number; ms: number }> = [];
    try {
      // In waves of 40, so the test process's own event loop is not what is measured.
      for (let wave = 0; wave < total / 40; wave++) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 40 }, async (_, index) => {
              const sent = Date.now();
              const response = await chat(replicas[index % 2]!, replicas[0]!.key, 'chat');
              await response.arrayBuffer();
              return { status: response.status, ms: Date.now() - sent };
            }),
          )),
        );
      }
      await sleep(500);
    } finally {
      await locker.query('COMMIT');
    }
    // More than each replica's queue holds (100) arrived while the table was locked: the rest
    // spilled to disk, not lost, and nobody waited for the database.
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(2000);
    let stored = 0;
    for (let attempt = 0; attempt < 40 && stored < before + total; attempt++) {
      await sleep(250);
      stored = await count();
    }
    await locker.end();
    expect(stored).toBe(before + total);
    expect(upstreams.primary!.requests).toBe(total + 2);
  });

  it('keeps the data plane answering while admin log reads are stuck behind a locked request log', async () => {
    // What a user expects: a slow request-log table (a long migration, a VACUUM FULL, a retention
    // delete holding a lock) makes the dashboard's and `switchyard logs`'s reads slow; it does
    // not take the data plane down. Today ten stuck reads (their HTTP clients already gone) hold
    // all ten connections of the replica's pool, and every request whose key is not in the
    // 30 s key cache waits the pool's 5 s connection timeout and gets 500 "unexpected error"
    // (x-should-retry: false), so the whole replica fails within 30 s as key entries expire.
    // Fixes: a statement_timeout on admin reads and cancelling them when the client leaves; a
    // small pool (or reserved connections) of its own for key lookups; see also the next test.
    const { replicas, postgresUrl } = await startCluster({
      postgres,
      replicas: 2,
      upstreams: { primary: {} },
      yaml,
    });
    const second = replicas[1]!;
    const { key } = await createKey(replicas[0]!, 'not yet seen by the second replica');
    const locker = new pg.Client({ connectionString: postgresUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE request_records IN ACCESS EXCLUSIVE MODE');
    try {
      // A dashboard (or `switchyard logs --follow`) polling, each poll given up after 300 ms.
      for (let index = 0; index < 10; index++) {
        await fetch(`${second.url}/admin/records?limit=5`, {
          headers: { authorization: `Bearer ${second.adminToken}` },
          signal: AbortSignal.timeout(300),
        }).catch(() => undefined);
      }
      const sent = Date.now();
      const response = await chat(second, key, 'chat');
      const body = await response.text();
      expect({ status: response.status, body }).toMatchObject({ status: 200 });
      expect(Date.now() - sent).toBeLessThan(2000);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
  });

  it('answers a retryable 503 with Retry-After, not a 500, when a key cannot be looked up', async () => {
    // What a user expects: while Postgres is unreachable, a request whose key the replica has not
    // cached cannot be authenticated. That is a transient outage: 503 with Retry-After and
    // x-should-retry: true, so the official SDKs retry. Today the StorageError from the key store
    // reaches toGatewayError (src/errors.ts) as an unknown failure: 500 "The gateway hit an
    // unexpected error.", x-should-retry: false, no Retry-After, so SDKs give up at once.
    const { replicas, postgresProxies } = await startCluster({
      postgres,
      replicas: 1,
      proxyPostgres: true,
      upstreams: { primary: {} },
      yaml,
    });
    const replica = replicas[0]!;
    const { key } = await createKey(replica, 'created, never used');
    postgresProxies[0]!.cut();
    try {
      const response = await chat(replica, key, 'chat');
      const body = (await response.json()) as { error: { type: string } };
      expect({
        status: response.status,
        retryAfter: response.headers.get('retry-after') !== null,
        shouldRetry: response.headers.get('x-should-retry'),
        type: body.error.type,
      }).toEqual({ status: 503, retryAfter: true, shouldRetry: 'true', type: 'server_error' });
    } finally {
      postgresProxies[0]!.restore();
    }
  });

  it('does not hang a request whose key lookup is stuck on a Postgres that stopped answering', async () => {
    // What a user expects: a gateway never leaves a client waiting forever. When Postgres stops
    // answering (a failover in progress, a black-holed connection, a stuck disk) a request whose
    // key is not cached should fail fast with a retryable 503, or at the latest at its model's
    // deadline. Today the key lookup (auth/key-authenticator.ts → PostgresKeysStore.findByPrefix)
    // runs with no statement or query timeout, before any deadline applies, so the request hangs
    // for as long as Postgres does; and every later request with the same key joins the same
    // pending lookup (KeyAuthenticator.inflight), so they all hang with it. Fix: a query timeout
    // on key lookups (a second or two), mapped to 503 with Retry-After.
    const { replicas, postgresProxies } = await startCluster({
      postgres,
      replicas: 1,
      proxyPostgres: true,
      upstreams: { primary: {} },
      yaml,
    });
    const replica = replicas[0]!;
    const { key } = await createKey(replica, 'created, never used');
    postgresProxies[0]!.stall();
    try {
      const outcome = await chat(replica, key, 'chat', {}).then(
        (response) => ({ answered: true, status: response.status }),
        (error: unknown) => ({ answered: false, status: String(error) }),
      );
      expect(outcome).toEqual({ answered: true, status: 503 });
    } finally {
      postgresProxies[0]!.restore();
    }
  });
});
