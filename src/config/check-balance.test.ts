import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

const providers = `
providers:
  east: { type: openai, apiKey: sk-east }
  west: { type: openai, apiKey: sk-west }
`;

function problemsOf(models: string, extra = ''): string[] {
  try {
    parseConfig(`${providers}${extra}models:\n${models}`, 'switchyard.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
}

describe('balance rules', () => {
  it('accepts a weighted, sticky route and defaults everything else', () => {
    expect(
      problemsOf(`  m:
    balance: weighted
    sticky: { header: X-User }
    targets: [{ provider: east, weight: 3 }, { provider: west, weight: 0 }]
`),
    ).toEqual([]);
    const config = parseConfig(`${providers}models:\n  m: { targets: [{ provider: east }] }\n`, 'x.yaml', {});
    expect(config.models.m).toMatchObject({ balance: 'priority', targets: [{ weight: 1 }] });
  });

  it('rejects weights that add up to zero', () => {
    expect(
      problemsOf(`  m:
    balance: weighted
    targets: [{ provider: east, weight: 0 }, { provider: west, weight: 0 }]
`),
    ).toEqual(['switchyard.yaml:8: models.m.targets: the weights add up to zero: no target could be picked']);
  });

  it('rejects a weight or stickiness on a route that does not balance', () => {
    expect(
      problemsOf(`  m:
    sticky: { header: x-user }
    targets: [{ provider: east, weight: 2 }, { provider: west }]
`),
    ).toEqual([
      'switchyard.yaml:7: models.m.sticky: sticky routing picks among equivalent targets: set "balance" (weighted, least-in-flight or latency)',
      'switchyard.yaml:8: models.m.targets[0].weight: a weight applies only with "balance: weighted" (this model balances by priority)',
    ]);
  });

  it('rejects a target timeout longer than the whole request may take', () => {
    expect(
      problemsOf(`  m:
    timeouts: { totalMs: 30000 }
    targets: [{ provider: east, timeouts: { totalMs: 60000 } }, { provider: west }]
`),
    ).toEqual([
      "switchyard.yaml:8: models.m.targets[0].timeouts.totalMs: 60000 ms is longer than the whole request may take (the model's totalMs, 30000 ms)",
    ]);
    expect(
      problemsOf(
        `  m: { targets: [{ provider: east, timeouts: { totalMs: 20000 } }] }\n`,
        'defaults:\n  timeouts: { totalMs: 10000 }\n',
      ),
    ).toHaveLength(1);
  });

  it('rejects a hedge with one target, or one sent only after the request would end', () => {
    expect(problemsOf(`  m: { hedge: { delayMs: 50 }, targets: [{ provider: east }] }\n`)).toEqual([
      'switchyard.yaml:6: models.m.hedge: a hedge goes to another target: this model has only one',
    ]);
    expect(
      problemsOf(`  m:
    timeouts: { totalMs: 1000 }
    hedge: { delayMs: 1000 }
    targets: [{ provider: east }, { provider: west }]
`),
    ).toEqual([
      "switchyard.yaml:8: models.m.hedge.delayMs: 1000 ms: the hedge would never be sent before the request's end (totalMs 1000 ms)",
    ]);
  });

  it('rejects an unknown strategy, naming the choices', () => {
    expect(problemsOf(`  m: { balance: random, targets: [{ provider: east }] }\n`)[0]).toMatch(
      /models\.m\.balance: .*priority.*weighted.*least-in-flight.*latency/,
    );
  });
});
