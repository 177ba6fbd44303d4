import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('defaults to 5 runs of 5 s over all three targets', () => {
    const options = parseOptions([]);
    expect(options.runs).toBe(5);
    expect(options.quick).toBe(false);
    expect(options.only).toEqual(['direct', 'bare', 'gateway']);
    expect(options.suite).toMatchObject({ durationMs: 5000, concurrency: 64, openStreams: 256 });
  });

  it('makes --quick smaller everywhere, and lets explicit flags win over it', () => {
    const quick = parseOptions(['--quick']);
    const full = parseOptions([]);
    expect(quick.runs).toBe(1);
    expect(quick.suite.durationMs).toBeLessThan(full.suite.durationMs);
    expect(quick.suite.latencyRequests).toBeLessThan(full.suite.latencyRequests);
    expect(quick.suite.streamRequests).toBeLessThan(full.suite.streamRequests);
    expect(parseOptions(['--quick', '--runs', '3', '--duration', '1.5'])).toMatchObject({
      runs: 3,
      suite: { durationMs: 1500 },
    });
  });

  it('keeps --only in the fixed alternation order and drops duplicates', () => {
    expect(parseOptions(['--only', 'gateway,direct,gateway']).only).toEqual(['direct', 'gateway']);
    expect(parseOptions(['--only', ' bare ']).only).toEqual(['bare']);
  });

  it.each([
    ['--only', 'gateway,proxy'],
    ['--only', ','],
    ['--runs', '0'],
    ['--runs', '2.5'],
    ['--duration', '-1'],
    ['--duration', 'abc'],
    ['--unknown'],
  ])('refuses %s %s', (...argv) => {
    expect(() => parseOptions(argv)).toThrow(CommanderError);
  });
});
