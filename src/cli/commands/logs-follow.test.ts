import { EventEmitter } from 'node:events';
import { describe, it, expect } from 'vitest';
import type { CliContext } from '../cli-context.js';
import type { RecordPageView, RecordQuery, RecordView } from '../record-schemas.js';
import { followRecords, interruptSignal, parseInterval, sleep } from './logs-follow.js';

function record(id: string, receivedAt: number): RecordView {
  return {
    id,
    receivedAt,
    doneAt: receivedAt + 10,
    model: 'm',
    provider: null,
    upstreamModel: null,
    status: 200,
    outcome: 'ok',
    usage: { inputTokens: 1, outputTokens: 1, source: 'provider' },
    cost: { usd: 0 },
  };
}

/** A fake API and clock: answers pages in order, and aborts once the answers run out. */
function harness(pages: RecordPageView[], query: RecordQuery = {}) {
  const controller = new AbortController();
  const queries: RecordQuery[] = [];
  const printed: string[][] = [];
  const sleeps: number[] = [];
  const run = followRecords({
    query,
    intervalMs: 2000,
    signal: controller.signal,
    fetchPage: async (pageQuery, signal) => {
      expect(signal).toBe(controller.signal);
      queries.push(pageQuery);
      const page = pages.shift();
      if (page === undefined) throw new Error('no page left');
      return page;
    },
    print: (records) => printed.push(records.map((each) => each.id)),
    sleep: async (ms) => {
      sleeps.push(ms);
      if (pages.length === 0) controller.abort();
      if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
    },
  });
  return { run, queries, printed, sleeps, controller };
}

describe('followRecords', () => {
  it('prints the first page oldest first, then only records not printed yet', async () => {
    const test = harness(
      [
        { data: [record('b', 200), record('a', 100)] },
        // From the newest seen, inclusive: b again, and c received at the same instant.
        { data: [record('d', 300), record('c', 200), record('b', 200)] },
        { data: [record('d', 300)] },
        { data: [] },
      ],
      { model: 'm', limit: 20, from: 50 },
    );
    await test.run;
    expect(test.printed).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(test.sleeps).toEqual([2000, 2000, 2000, 2000]);
    expect(test.queries).toEqual([
      { model: 'm', limit: 20, from: 50 },
      { model: 'm', limit: 1000, from: 200, cursor: undefined },
      { model: 'm', limit: 1000, from: 300, cursor: undefined },
      { model: 'm', limit: 1000, from: 300, cursor: undefined },
    ]);
  });

  it('pages through a burst with the cursor before printing it in order', async () => {
    const test = harness([
      { data: [record('a', 100)] },
      { data: [record('d', 400), record('c', 300)], nextCursor: 'next' },
      { data: [record('b', 200), record('a', 100)] },
    ]);
    await test.run;
    expect(test.printed).toEqual([['a'], ['b', 'c', 'd']]);
    expect(test.queries.map((query) => query.cursor)).toEqual([undefined, undefined, 'next']);
    expect(test.queries[2]?.from).toBe(100);
  });

  it('prints an empty first page, and polls the plain filter until something matches', async () => {
    const test = harness([{ data: [] }, { data: [] }, { data: [record('a', 100)] }], { team: 't' });
    await test.run;
    expect(test.printed).toEqual([[], ['a']]);
    expect(test.queries.slice(1)).toEqual([
      { team: 't', limit: 1000, from: undefined, cursor: undefined },
      { team: 't', limit: 1000, from: undefined, cursor: undefined },
    ]);
  });

  it('ends quietly when stopped during a call, and prints nothing of that call', async () => {
    const controller = new AbortController();
    const printed: unknown[] = [];
    await followRecords({
      query: {},
      intervalMs: 1,
      signal: controller.signal,
      fetchPage: async () => {
        controller.abort();
        throw new Error('the call was aborted');
      },
      print: (records) => printed.push(records),
      sleep,
    });
    expect(printed).toEqual([]);
  });

  it('passes on a failure that is not a stop', async () => {
    const failing = followRecords({
      query: {},
      intervalMs: 1,
      signal: new AbortController().signal,
      fetchPage: async () => {
        throw new Error('the admin token was rejected');
      },
      print: () => undefined,
      sleep,
    });
    await expect(failing).rejects.toThrow('the admin token was rejected');
  });
});

describe('parseInterval', () => {
  it('reads milliseconds, seconds (also without a unit) and minutes', () => {
    expect(parseInterval('500ms')).toBe(500);
    expect(parseInterval('2s')).toBe(2000);
    expect(parseInterval('1.5')).toBe(1500);
    expect(parseInterval('1M')).toBe(60_000);
  });

  it('refuses too fast, too slow and unreadable values', () => {
    for (const text of ['99ms', '0', '2h', '61m', 'soon', '-1s', '']) {
      expect(() => parseInterval(text)).toThrow(`--interval must be between 100ms and 1h`);
    }
  });
});

describe('interruptSignal', () => {
  it('aborts on the first Ctrl-C and exits with 130 on the second', () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const context = { signals, exit: (code: number) => exits.push(code) } as unknown as CliContext;
    const signal = interruptSignal(context);
    expect(signal.aborted).toBe(false);
    signals.emit('SIGINT');
    expect(signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
  });
});

describe('sleep', () => {
  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
