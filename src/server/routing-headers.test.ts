import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { RetryOutcome } from '../routing/with-retries.js';
import { routingHeaders, type RoutedRequest } from './routing-headers.js';

function target(name: string, upstreamModel: string): ResolvedTarget {
  return { settings: { name } as ResolvedTarget['settings'], upstreamModel } as ResolvedTarget;
}

/** The request answered by `served` of `targets`, on the model asked for, without budget or workflow. */
function routed(targets: ResolvedTarget[], outcome: RetryOutcome<unknown>): RoutedRequest {
  const plan = { targets, deadline: 0, budgeted: false, workflowSpentMs: undefined };
  return { outcome, plan, requested: { alias: 'm' }, answered: { alias: 'm' } };
}

describe('routingHeaders', () => {
  it('names the target that served, the attempts, and whether it was a fallback', () => {
    const targets = [target('azure-east', 'gpt-4o'), target('openai', 'gpt-4o-2024-08-06')];
    expect(routingHeaders(routed(targets, { result: null, attempts: 3, served: 1, number: 2 }))).toEqual({
      'x-switchyard-provider': 'openai',
      'x-switchyard-model': 'gpt-4o-2024-08-06',
      'x-switchyard-attempts': '3',
      'x-switchyard-fallback': 'true',
    });
    expect(
      routingHeaders(routed(targets, { result: null, attempts: 1, served: 0, number: 0 }))[
        'x-switchyard-fallback'
      ],
    ).toBe('false');
  });

  it('percent-encodes what a header cannot carry, from a model name the client chose', () => {
    const hostile = 'llama\r\nset-cookie: x=1 — 模型 \ud800';
    const headers = routingHeaders(
      routed([target('local', hostile)], { result: null, attempts: 1, served: 0, number: 0 }),
    );
    const model = headers['x-switchyard-model']!;
    expect(() => validateHeaderValue('x-switchyard-model', model)).not.toThrow();
    expect(model).toBe('llama%0D%0Aset-cookie: x=1 %E2%80%94 %E6%A8%A1%E5%9E%8B ?');
    expect(decodeURIComponent(model.slice(0, -2))).toBe(hostile.slice(0, -2));
  });

  it('adds the fallback model, the workflow time and the budget left when they apply', () => {
    const request = routed([target('backup', 'm-spare')], {
      result: null,
      attempts: 4,
      served: 0,
      number: 3,
    });
    const headers = routingHeaders(
      {
        ...request,
        plan: { ...request.plan, deadline: 1_000, budgeted: true, workflowSpentMs: 41.6 },
        answered: { alias: 'spare' },
      },
      960,
    );
    expect(headers).toMatchObject({
      'x-switchyard-fallback-model': 'spare',
      'x-switchyard-fallback': 'true',
      'x-switchyard-workflow-spent-ms': '42',
      'x-switchyard-budget-remaining-ms': '40',
    });
  });
});
