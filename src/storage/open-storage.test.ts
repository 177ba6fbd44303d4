import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewKey } from './keys-store.js';
import { openStorage, type Storage } from './open-storage.js';
import { describeWithPostgres, describeWithRedis } from './testing/services.js';

const sample: NewKey = { kind: 'virtual', name: 'sample', prefix: 'sy-sample', hash: 'a'.repeat(64) };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function nextMessage(storage: Storage, channel: string, publish: () => Promise<void>): Promise<string> {
  let resolveMessage: (message: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => (resolveMessage = resolve));
  const unsubscribe = await storage.notifier.subscribe(channel, (message) => resolveMessage(message));
  await publish();
  const timeout = new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no message')), 3000));
  try {
    return await Promise.race([received, timeout]);
  } finally {
    await unsubscribe();
  }
}

describe('openStorage (embedded)', () => {
  let directory: string;
  const opened: Storage[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-storage-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((storage) => storage.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  async function open(options: Parameters<typeof openStorage>[0]): Promise<Storage> {
    const storage = await openStorage(options);
    opened.push(storage);
    return storage;
  }

  it('uses SQLite without a Postgres URL, and keeps keys across a restart', async () => {
    const path = join(directory, 'data', 'switchyard.db');
    const first = await openStorage({ sqlitePath: path });
    expect(first.backend).toBe('sqlite');
    const created = await first.keys.create(sample);
    await first.close();
    await first.close();

    const second = await open({ sqlitePath: path });
    expect(await second.keys.get(created.id, 'default')).toEqual(created);
  });

  it('notifies in process without a Redis URL', async () => {
    const storage = await open({ sqlitePath: join(directory, 'switchyard.db') });
    const message = await nextMessage(storage, 'keys', () => storage.notifier.publish('keys', 'revoked'));
    expect(message).toBe('revoked');
  });

  it('keeps everything in memory when ephemeral', async () => {
    const storage = await open({ ephemeral: true });
    expect(storage.backend).toBe('memory');
    await storage.keys.create(sample);
    expect(await storage.keys.findByPrefix('sy-sample')).toHaveLength(1);
    expect((await open({ ephemeral: true })).keys).not.toBe(storage.keys);
  });

  it('refuses to guess when given no database at all', async () => {
    await expect(openStorage({})).rejects.toThrow(/postgresUrl, a sqlitePath, or ephemeral/);
    await expect(openStorage({ sqlitePath: '', postgresUrl: '' })).rejects.toThrow(/postgresUrl/);
  });

  it('fails clearly on an unreachable Redis and closes what it opened', async () => {
    const port = await closedPort();
    const path = join(directory, 'switchyard.db');
    await expect(openStorage({ sqlitePath: path, redisUrl: `redis://127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
    );
    // SQLite removes the -wal file when the last connection closes: none left open.
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('fails clearly on an unreachable Postgres', async () => {
    const port = await closedPort();
    await expect(openStorage({ postgresUrl: `postgres://postgres@127.0.0.1:${port}/test` })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

describeWithPostgres('openStorage (Postgres)', (postgres) => {
  it('uses Postgres when given a URL, even beside a SQLite path', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-storage-'));
    const sqlitePath = join(directory, 'unused.db');
    const storage = await openStorage({ postgresUrl: postgres.url, sqlitePath });
    try {
      expect(storage.backend).toBe('postgres');
      const created = await storage.keys.create(sample);
      expect(await storage.keys.get(created.id, 'default')).toEqual(created);
      expect(existsSync(sqlitePath)).toBe(false);
    } finally {
      await storage.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describeWithRedis('openStorage (Redis)', (redis) => {
  it('lets two replicas hear each other through Redis', async () => {
    const options = { ephemeral: true, redisUrl: redis.url, redisChannelPrefix: redis.prefix };
    const first = await openStorage(options);
    const second = await openStorage(options);
    try {
      const message = await nextMessage(second, 'keys', () => first.notifier.publish('keys', 'from first'));
      expect(message).toBe('from first');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
