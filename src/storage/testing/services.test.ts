import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  describeWithPostgres,
  describeWithRedis,
  postgresAvailable,
  redisAvailable,
  servicePlan,
} from './services.js';

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const port = await closedPort();
const closedPostgresUrl = `postgres://postgres@127.0.0.1:${port}/test`;
const closedRedisUrl = `redis://127.0.0.1:${port}`;

describe('servicePlan', () => {
  it.each([
    [true, false, 'run'],
    [true, true, 'run'],
    [false, false, 'skip'],
    [false, true, 'fail'],
  ] as const)('available=%s ci=%s → %s', (available, ci, plan) => {
    expect(servicePlan(available, ci)).toBe(plan);
  });
});

describe('probes', () => {
  it('report a closed port as unavailable, quickly', async () => {
    const started = Date.now();
    expect(await postgresAvailable(closedPostgresUrl)).toBe(false);
    expect(await redisAvailable(closedRedisUrl)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

/** Run the fixture suite (two Postgres tests, no server on the port) in a child vitest. */
async function runFixture(ci: boolean): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'src/storage/testing/__fixtures__/vitest.config.ts',
    ],
    {
      env: {
        ...process.env,
        CI: ci ? 'true' : 'false',
        SWITCHYARD_FIXTURE_POSTGRES_URL: closedPostgresUrl,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

// Both paths run in a child process, so this suite itself never reports a skipped test.
describe('the local skip path', () => {
  it('skips without running a test, and says so loudly with the count', async () => {
    const { code, output } = await runFixture(false);
    expect(code, output).toBe(0);
    expect(output).toContain(`*** SKIPPED 2 Postgres tests: no server on 127.0.0.1:${port} ***`);
    expect(output).toMatch(/Tests\s+\d+ skipped/);
    expect(output).not.toMatch(/Tests\s+\d+ passed/);
  });
});

describe('the CI path', () => {
  it('fails the run (exit code 1) when CI=true and the server is missing', async () => {
    const { code, output } = await runFixture(true);
    expect(code, output).toBe(1);
    expect(output).toContain(
      `Postgres is required when CI=true; cannot run 2 Postgres tests: no server on 127.0.0.1:${port}`,
    );
    expect(output).toMatch(/1 failed/);
    expect(output).not.toContain('*** SKIPPED');
  });
});

let firstSchema = '';
let firstPrefix = '';

describeWithPostgres('a Postgres suite with the server up', (postgres) => {
  it('runs in its own fresh, empty schema on the search_path', async () => {
    expect(await postgresAvailable(postgres.url)).toBe(true);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ schema: string; tables: number }>(
        'SELECT current_schema() AS schema, ' +
          '(SELECT count(*)::int FROM information_schema.tables WHERE table_schema = current_schema()) AS tables',
      );
      expect(rows).toEqual([{ schema: postgres.schema, tables: 0 }]);
      expect(postgres.schema).toMatch(/^switchyard_test_[0-9a-f]{12}$/);
      await client.query('CREATE TABLE leftover (x integer)');
      firstSchema = postgres.schema;
    } finally {
      await client.end();
    }
  });
});

describeWithPostgres('a second Postgres suite', (postgres) => {
  it('gets another schema, and the first one was dropped', async () => {
    expect(firstSchema).not.toBe('');
    expect(postgres.schema).not.toBe(firstSchema);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [firstSchema]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describeWithRedis('a Redis suite with the server up', (redis) => {
  it('gets a unique prefix and leaves no keys behind', async () => {
    expect(await redisAvailable(redis.url)).toBe(true);
    expect(redis.prefix).toMatch(/^switchyard-test-[0-9a-f]{12}:$/);
    const client = new Redis(redis.url);
    try {
      await client.set(`${redis.prefix}leftover`, '1');
      firstPrefix = redis.prefix;
    } finally {
      client.disconnect();
    }
  });
});

describeWithRedis('a second Redis suite', (redis) => {
  it('gets another prefix, and the first one was cleaned up', async () => {
    expect(firstPrefix).not.toBe('');
    expect(redis.prefix).not.toBe(firstPrefix);
    const client = new Redis(redis.url);
    try {
      expect(await client.exists(`${firstPrefix}leftover`)).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
