import { describe, expect, it } from 'vitest';
import { GatewayError, type ErrorCode } from '../errors.js';
import { defaultFallbackConditions, matchesFallback, type FallbackCondition } from './fallback-conditions.js';
import { RetriesExhausted } from './with-retries.js';
import { withFallbacks, type FallbackRoute } from './with-fallbacks.js';

type Entry = [model: string, on?: readonly FallbackCondition[]];

function route(alias: string, fallbacks: Entry[] = []): FallbackRoute {
  return {
    alias,
    fallbacks: fallbacks.map(([model, on]) => ({ model, on: on ?? defaultFallbackConditions })),
  };
}

const exhausted = (code: ErrorCode, retryable?: boolean) =>
  new RetriesExhausted(new GatewayError(code, code, retryable === undefined ? {} : { retryable }), 3);

/** Runs over `routes`; each alias fails with its error or answers with its name. */
async function chain(routes: FallbackRoute[], failures: Record<string, GatewayError>) {
  const tried: string[] = [];
  const byAlias = new Map(routes.map((entry) => [entry.alias, entry]));
  const outcome = await withFallbacks(
    routes[0]!,
    { byName: (model) => byAlias.get(model), longerThan: () => [] },
    async (current) => {
      tried.push(current.alias);
      const failure = failures[current.alias];
      if (failure) throw failure;
      return current.alias;
    },
  );
  return { tried, served: outcome.result };
}

describe('matchesFallback', () => {
  it('maps conditions to error codes', () => {
    expect(matchesFallback(new GatewayError('overloaded', 'x'), ['server_error'])).toBe(true);
    expect(matchesFallback(new GatewayError('insufficient_quota', 'x'), ['rate_limited'])).toBe(true);
    expect(matchesFallback(new GatewayError('context_length_exceeded', 'x'), defaultFallbackConditions)).toBe(
      false,
    );
    expect(matchesFallback(new GatewayError('context_length_exceeded', 'x'), ['context_length'])).toBe(true);
    expect(
      matchesFallback(new GatewayError('invalid_request', 'x'), [
        ...defaultFallbackConditions,
        'content_filter',
      ]),
    ).toBe(false);
  });
});

describe('withFallbacks', () => {
  it('answers from the model itself when it can', async () => {
    expect(await chain([route('a', [['b']]), route('b')], {})).toEqual({ tried: ['a'], served: 'a' });
  });

  it('moves to the first fallback whose conditions match, and follows its own chain first', async () => {
    const routes = [
      route('a', [['long', ['context_length']], ['b'], ['c']]),
      route('b', [['b2']]),
      route('b2'),
      route('c'),
      route('long'),
    ];
    const outcome = await chain(routes, { a: exhausted('upstream_error'), b: exhausted('overloaded') });
    expect(outcome).toEqual({ tried: ['a', 'b', 'b2'], served: 'b2' });
  });

  it('sends a context-length refusal only to a fallback that takes it', async () => {
    const routes = [route('a', [['b'], ['long', ['context_length']]]), route('b'), route('long')];
    expect(await chain(routes, { a: exhausted('context_length_exceeded') })).toEqual({
      tried: ['a', 'long'],
      served: 'long',
    });
  });

  it('gives the last error when no fallback matches or all fail, and never visits a model twice', async () => {
    const routes = [route('a', [['b']]), route('b', [['a']])];
    await expect(
      chain(routes, { a: exhausted('upstream_error'), b: exhausted('unavailable') }),
    ).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(
      chain([route('a', [['b']]), route('b')], { a: exhausted('invalid_request') }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('does not fall back once the deadline is spent (the failure is no longer retryable)', async () => {
    const routes = [route('a', [['b']]), route('b')];
    await expect(chain(routes, { a: exhausted('upstream_timeout', false) })).rejects.toMatchObject({
      code: 'upstream_timeout',
    });
  });

  it('sends a longerContext fallback to the next larger window, skipping models already tried', async () => {
    const small: FallbackRoute = {
      alias: 'small',
      fallbacks: [{ longerContext: true, on: ['context_length'] }],
    };
    const mid: FallbackRoute = { alias: 'mid', fallbacks: [{ longerContext: true, on: ['context_length'] }] };
    const big: FallbackRoute = { alias: 'big', fallbacks: [] };
    const tried: string[] = [];
    const longer = new Map([
      ['small', [mid, big]],
      ['mid', [big]],
    ]);
    const outcome = await withFallbacks(
      small,
      { byName: () => undefined, longerThan: (from) => longer.get(from.alias) ?? [] },
      async (current) => {
        tried.push(current.alias);
        if (current.alias !== 'big') throw exhausted('context_length_exceeded');
        return current.alias;
      },
    );
    expect(outcome.result).toBe('big');
    expect(tried).toEqual(['small', 'mid', 'big']);
  });
});
