import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenAiMetrics } from './genai-metrics.js';
import { otlpMetrics } from './testing/otlp-json.js';
import { OtlpReceiver } from './testing/otlp-receiver.js';
import { sampleAttempt, sampleReceivedAt, sampleRecord } from './testing/sample-record.js';

describe('GenAiMetrics', () => {
  let receiver: OtlpReceiver;
  let metrics: GenAiMetrics | undefined;
  const errors: Error[] = [];

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
    errors.length = 0;
  });

  afterEach(async () => {
    await metrics?.close();
    metrics = undefined;
    await receiver.close();
  });

  function start(options: Partial<ConstructorParameters<typeof GenAiMetrics>[0]> = {}): GenAiMetrics {
    metrics = new GenAiMetrics({
      endpoint: receiver.url,
      serviceName: 'switchyard-test',
      headers: { 'x-api-key': 'collector-key' },
      onError: (error) => errors.push(error),
      ...options,
    });
    return metrics;
  }

  it('pushes token usage and operation duration histograms with the GenAI attributes', async () => {
    const genAi = start();
    genAi.observe(sampleRecord());
    genAi.observe(sampleRecord({ doneAt: sampleReceivedAt + 1200 }));
    genAi.observe(
      sampleRecord({
        model: 'my-alias-client-string',
        route: 'claude',
        provider: 'bedrock-eu',
        providerType: 'bedrock-anthropic',
        responseModel: null,
        status: 502,
        outcome: 'error',
        errorCode: 'upstream_error',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' },
        attempts: [sampleAttempt({ outcome: 'error', status: 500 })],
      }),
    );
    // Never reached a provider: not a GenAI operation.
    genAi.observe(
      sampleRecord({ route: null, provider: null, providerType: null, status: 404, outcome: 'error' }),
    );
    await genAi.flush();

    const deliveries = receiver.deliveries('/v1/metrics');
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    expect(deliveries[0]?.headers['x-api-key']).toBe('collector-key');
    expect(JSON.stringify(deliveries.map((delivery) => delivery.body))).not.toContain(
      'my-alias-client-string',
    );
    const byName = otlpMetrics(deliveries);

    const tokens = byName.get('gen_ai.client.token.usage');
    expect(tokens?.unit).toBe('{token}');
    const tokenPoints = tokens?.points.map(({ attributes, point }) => ({
      attributes,
      count: Number(point.count),
      sum: point.sum,
    }));
    const openAi = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
    };
    expect(tokenPoints).toEqual(
      expect.arrayContaining([
        { attributes: { ...openAi, 'gen_ai.token.type': 'input' }, count: 2, sum: 240 },
        { attributes: { ...openAi, 'gen_ai.token.type': 'output' }, count: 2, sum: 60 },
      ]),
    );
    // The failed request reported no usage: no token points for it.
    expect(tokenPoints).toHaveLength(2);

    const duration = byName.get('gen_ai.client.operation.duration');
    expect(duration?.unit).toBe('s');
    const durationPoints = duration?.points.map(({ attributes, point }) => ({
      attributes,
      count: Number(point.count),
      sum: point.sum,
    }));
    expect(durationPoints).toHaveLength(2);
    expect(durationPoints).toEqual(
      expect.arrayContaining([
        { attributes: openAi, count: 2, sum: expect.closeTo(0.81 + 1.2, 6) },
        {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'aws.bedrock',
            'gen_ai.request.model': 'claude',
            'error.type': 'upstream_error',
          },
          count: 1,
          sum: expect.closeTo(0.81, 6),
        },
      ]),
    );
    // The advised bucket boundaries are in use.
    const point = duration?.points[0]?.point;
    expect(point.explicitBounds).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    expect(errors).toEqual([]);
  });

  it('pushes on its interval without a flush', async () => {
    const genAi = start({ exportIntervalMs: 50, timeoutMs: 50 });
    genAi.observe(sampleRecord());
    const delivery = await receiver.waitFor('/v1/metrics', (candidate) =>
      otlpMetrics([candidate]).has('gen_ai.client.operation.duration'),
    );
    expect(otlpMetrics([delivery]).get('gen_ai.client.operation.duration')?.points).toHaveLength(1);
  });

  it('pushes on close and ignores records after it', async () => {
    const genAi = start();
    genAi.observe(sampleRecord());
    await genAi.close();
    const count = (): number =>
      otlpMetrics(receiver.deliveries('/v1/metrics')).get('gen_ai.client.operation.duration')?.points
        .length ?? 0;
    expect(count()).toBe(1);
    expect(() => genAi.observe(sampleRecord())).not.toThrow();
  });

  it('reports a refused export to onError and never throws', async () => {
    const genAi = start();
    receiver.refuseWith = 400;
    genAi.observe(sampleRecord());
    await expect(genAi.flush()).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });
});
