import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { networkedNotifierCase } from '../notifier.case.js';
import { closedPort } from '../testing/closed-port.js';
import { describeWithPostgres } from '../testing/services.js';
import { maxPartials, maxParts, PostgresNotifier, postgresChannel } from './postgres-notifier.js';

describeWithPostgres('PostgresNotifier', (postgres) => {
  // Postgres channels are database-wide: the suite's schema name keeps parallel suites apart.
  networkedNotifierCase(
    'postgres',
    () => postgres.schema,
    (channelPrefix, options) => PostgresNotifier.connect({ ...options, url: postgres.url, channelPrefix }),
  );

  it('listens again after its connection is killed, and reports the outage once', async () => {
    const errors: Error[] = [];
    const listener = await PostgresNotifier.connect({
      url: postgres.url,
      channelPrefix: `${postgres.schema}r:`,
      reconnectDelayMs: 50,
      onConnectionError: (error) => errors.push(error),
    });
    const publisher = await PostgresNotifier.connect({
      url: postgres.url,
      channelPrefix: `${postgres.schema}r:`,
      reconnectDelayMs: 50,
      onConnectionError: () => undefined,
    });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      const received: string[] = [];
      await listener.subscribe('keys', (message) => received.push(message));
      const channel = postgresChannel(`${postgres.schema}r:`);
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN ${channel}`],
      );
      // Both listen on the deployment's channel: both connections go.
      expect(killed.rowCount).toBe(2);
      await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 5000 });
      // Published until both are back (a publish between fails): a message after that arrives.
      for (let attempt = 0; received.length === 0 && attempt < 100; attempt++) {
        await publisher.publish('keys', `after ${attempt}`).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(received.length).toBeGreaterThan(0);
      expect(errors).toHaveLength(1);
    } finally {
      await admin.end();
      await Promise.all([listener.close(), publisher.close()]);
    }
  });

  it('ignores hostile part headers, and keeps at most maxPartials messages half-assembled', async () => {
    const prefix = `${postgres.schema}h:`;
    const listener = await PostgresNotifier.connect({ url: postgres.url, channelPrefix: prefix });
    const raw = new pg.Client({ connectionString: postgres.url });
    await raw.connect();
    const notify = (payload: string) =>
      raw.query('SELECT pg_notify($1, $2)', [postgresChannel(prefix), payload]);
    try {
      const received: string[] = [];
      await listener.subscribe('keys', (message) => received.push(message));
      // A count no array can hold, counts out of range, an index past the count: all ignored.
      await notify('x.1 0 10000000000 r keys\nhuge');
      await notify(`x.2 0 ${maxParts + 1} r keys\ntoo many`);
      await notify('x.3 0 0 r keys\nnone');
      await notify('x.4 2 2 r keys\npast the end');
      // The first halves of more messages than are kept: the oldest is dropped.
      for (let message = 0; message <= maxPartials; message++)
        await notify(`y.${message} 0 2 r keys\nfirst ${message}|`);
      await notify('y.0 1 2 r keys\nsecond');
      // A part claiming another count than its message's first part is ignored.
      await notify(`y.${maxPartials} 1 3 r keys\nwrong count`);
      await notify(`y.${maxPartials} 1 2 r keys\nsecond`);
      await notify('z.1 0 1 r keys\nlast');
      await vi.waitFor(() => expect(received).toContain('last'), { timeout: 5000 });
      expect(received).toEqual([`first ${maxPartials}|second`, 'last']);
    } finally {
      await raw.end();
      await listener.close();
    }
  });

  it('refuses a message longer than its parts can carry', async () => {
    const notifier = await PostgresNotifier.connect({ url: postgres.url, channelPrefix: postgres.schema });
    try {
      await expect(notifier.publish('keys', 'm'.repeat(maxParts * 2000 + 1))).rejects.toThrow(
        /messages are at most 2048000 characters/,
      );
    } finally {
      await notifier.close();
    }
  });

  it('refuses a channel name too long for its header', async () => {
    const notifier = await PostgresNotifier.connect({ url: postgres.url, channelPrefix: postgres.schema });
    try {
      await expect(notifier.publish('x'.repeat(201), 'message')).rejects.toThrow(/at most 200 characters/);
    } finally {
      await notifier.close();
    }
  });
});

describe('PostgresNotifier.connect', () => {
  it('rejects with a clear error when nothing listens on the port', async () => {
    const port = await closedPort();
    await expect(
      PostgresNotifier.connect({ url: `postgres://127.0.0.1:${port}/test`, connectTimeoutMs: 500 }),
    ).rejects.toThrow(new RegExp(`cannot reach Postgres at 127\\.0\\.0\\.1:${port} for notifications`));
  });

  it('names one short Postgres channel per prefix', () => {
    expect(postgresChannel('switchyard:')).toMatch(/^switchyard_[0-9a-f]{24}$/);
    expect(postgresChannel('a')).not.toBe(postgresChannel('b'));
    expect(postgresChannel('p'.repeat(500)).length).toBeLessThan(64);
  });
});
