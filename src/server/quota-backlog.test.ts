import { describe, expect, it } from 'vitest';
import { QuotaBacklog } from './quota-backlog.js';

describe('QuotaBacklog', () => {
  it('has nothing pending when empty', () => {
    expect(new QuotaBacklog().pending(0)).toBeUndefined();
  });

  it('sums counts per deployment and keeps the longest short mark still running', () => {
    const backlog = new QuotaBacklog();
    backlog.add(
      { counts: [{ key: 'east', requests: 4, tokens: 40 }], short: [{ key: 'west', forMs: 5000 }] },
      0,
    );
    backlog.add(
      {
        counts: [
          { key: 'east', requests: 6, tokens: 60 },
          { key: 'north', requests: 1, tokens: 0 },
        ],
        short: [
          { key: 'west', forMs: 1000 },
          { key: 'south', forMs: 500 },
        ],
      },
      1000,
    );
    expect(backlog.pending(2000)).toEqual({
      counts: [
        { key: 'east', requests: 10, tokens: 100 },
        { key: 'north', requests: 1, tokens: 0 },
      ],
      // west: 5000 from 0 leaves 3000 at 2000; south ran out at 1500.
      short: [{ key: 'west', forMs: 3000 }],
    });
  });

  it('keeps what was not sent, drops what is a minute old, and forgets what was sent', () => {
    const backlog = new QuotaBacklog();
    backlog.add({ counts: [{ key: 'east', requests: 1, tokens: 0 }], short: [] }, 0);
    backlog.add({ counts: [{ key: 'east', requests: 2, tokens: 0 }], short: [] }, 30_000);
    expect(backlog.pending(59_999)?.counts).toEqual([{ key: 'east', requests: 3, tokens: 0 }]);
    expect(backlog.pending(60_000)?.counts).toEqual([{ key: 'east', requests: 2, tokens: 0 }]);
    backlog.clear();
    expect(backlog.pending(60_000)).toBeUndefined();
  });
});
