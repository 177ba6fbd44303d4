import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import { routingHeaders } from './routing-headers.js';

function target(name: string, upstreamModel: string): ResolvedTarget {
  return { settings: { name } as ResolvedTarget['settings'], upstreamModel } as ResolvedTarget;
}

describe('routingHeaders', () => {
  it('names the target that served, the attempts, and whether it was a fallback', () => {
    const targets = [target('azure-east', 'gpt-4o'), target('openai', 'gpt-4o-2024-08-06')];
    expect(routingHeaders(targets, { result: null, attempts: 3, served: 1, number: 2 })).toEqual({
      'x-switchyard-provider': 'openai',
      'x-switchyard-model': 'gpt-4o-2024-08-06',
      'x-switchyard-attempts': '3',
      'x-switchyard-fallback': 'true',
    });
    expect(
      routingHeaders(targets, { result: null, attempts: 1, served: 0, number: 0 })['x-switchyard-fallback'],
    ).toBe('false');
  });

  it('percent-encodes what a header cannot carry, from a model name the client chose', () => {
    const hostile = 'llama\r\nset-cookie: x=1 — 模型 \ud800';
    const headers = routingHeaders([target('local', hostile)], {
      result: null,
      attempts: 1,
      served: 0,
      number: 0,
    });
    const model = headers['x-switchyard-model']!;
    expect(() => validateHeaderValue('x-switchyard-model', model)).not.toThrow();
    expect(model).toBe('llama%0D%0Aset-cookie: x=1 %E2%80%94 %E6%A8%A1%E5%9E%8B ?');
    expect(decodeURIComponent(model.slice(0, -2))).toBe(hostile.slice(0, -2));
  });
});
