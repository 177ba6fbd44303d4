import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { genAiProviderName } from './genai-provider-name.js';
import { recordSpans } from './record-spans.js';
import type { RecordSpansContext } from './record-spans.js';
import { sampleAttempt, sampleReceivedAt, sampleRecord } from './testing/sample-record.js';

const context: RecordSpansContext = {
  resource: resourceFromAttributes({ 'service.name': 'test' }),
  instrumentationScope: { name: 'switchyard' },
};

describe('recordSpans', () => {
  it('builds ended, sampled spans sharing one resource', () => {
    const spans = recordSpans(sampleRecord(), context);
    expect(spans.map((span) => span.kind)).toEqual([SpanKind.SERVER, SpanKind.CLIENT]);
    for (const span of spans) {
      expect(span.ended).toBe(true);
      expect(span.spanContext().traceFlags & 1).toBe(1);
      expect(span.resource).toBe(context.resource);
    }
    expect(spans[0]?.parentSpanContext).toBeUndefined();
    expect(spans[1]?.parentSpanContext?.spanId).toBe(spans[0]?.spanContext().spanId);
    expect(hrTimeToMilliseconds(spans[1]?.duration ?? [0, 0])).toBe(800);
  });

  it('embeddings spans are named after the operation', () => {
    const spans = recordSpans(
      sampleRecord({
        operation: 'embeddings',
        model: 'text-embedding-3-small',
        attempts: [sampleAttempt({ upstreamModel: 'text-embedding-3-small' })],
      }),
      context,
    );
    expect(spans.map((span) => span.name)).toEqual([
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
    ]);
    expect(spans[0]?.attributes['gen_ai.operation.name']).toBe('embeddings');
  });

  it('a request that matched no route and never went upstream: one span, route "unmatched"', () => {
    const spans = recordSpans(
      sampleRecord({
        route: null,
        provider: null,
        providerType: null,
        responseModel: null,
        finishReason: null,
        status: 404,
        outcome: 'error',
        errorCode: 'model_not_found',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' },
        attempts: [],
      }),
      context,
    );
    expect(spans).toHaveLength(1);
    const attributes = spans[0]?.attributes ?? {};
    expect(attributes['switchyard.route']).toBe('unmatched');
    expect(attributes['gen_ai.provider.name']).toBeUndefined();
    expect(attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(attributes['error.type']).toBe('model_not_found');
  });

  it('an unpriced request says so instead of claiming a cost', () => {
    const cost = { ...sampleRecord().cost, usd: null, knownUsd: 0.0002, unknown: ['output'] };
    const attributes = recordSpans(sampleRecord({ cost }), context)[0]?.attributes ?? {};
    expect(attributes['switchyard.cost.usd']).toBeUndefined();
    expect(attributes['switchyard.cost.known_usd']).toBe(0.0002);
    expect(attributes['switchyard.cost.unpriced']).toEqual(['output']);
  });

  it('cuts client-chosen strings and never ends a span before it starts', () => {
    const model = 'm'.repeat(1000);
    const spans = recordSpans(
      sampleRecord({ model, sessionId: 's'.repeat(1000), doneAt: sampleReceivedAt - 5 }),
      context,
    );
    expect(spans[0]?.name).toBe(`chat ${'m'.repeat(256)}`);
    expect(spans[0]?.attributes['gen_ai.request.model']).toBe('m'.repeat(256));
    expect(spans[0]?.attributes['gen_ai.conversation.id']).toBe('s'.repeat(256));
    expect(spans[0]?.endTime).toEqual(spans[0]?.startTime);
  });

  it('a cancelled request is not an error', () => {
    const spans = recordSpans(
      sampleRecord({ outcome: 'cancelled', attempts: [sampleAttempt({ outcome: 'cancelled' })] }),
      context,
    );
    expect(spans.map((span) => span.status.code)).toEqual([0, 0]);
    expect(spans[0]?.attributes['error.type']).toBeUndefined();
    expect(spans[0]?.attributes['switchyard.outcome']).toBe('cancelled');
  });
});

describe('genAiProviderName', () => {
  it.each([
    ['openai', 'openai'],
    ['openai-compatible', 'openai'],
    ['anthropic', 'anthropic'],
    ['azure-openai', 'azure.ai.openai'],
    ['gemini', 'gcp.gemini'],
    ['vertex', 'gcp.vertex_ai'],
    ['vertex-anthropic', 'gcp.vertex_ai'],
    ['bedrock', 'aws.bedrock'],
    ['bedrock-anthropic', 'aws.bedrock'],
    ['mistral', 'mistral_ai'],
    ['something-new', 'something-new'],
    ['toString', 'toString'],
  ])('%s -> %s', (type, name) => {
    expect(genAiProviderName(type)).toBe(name);
  });

  it('puts each guardrail verdict on the request span as an event, found by count, never a value', () => {
    const record = sampleRecord({
      guardrails: [
        {
          check: 'pii',
          stage: 'input',
          action: 'redact',
          score: 0.98,
          found: { email: 2, phone: 1 },
          latencyMs: 0.07,
        },
        {
          check: 'webhook',
          stage: 'input',
          action: 'allow',
          error: 'timeout after 1000 ms',
          latencyMs: 1000,
        },
        { check: 'pii', stage: 'output', action: 'allow', latencyMs: 0.02 },
      ],
    });
    const [request, attempt] = recordSpans(record, context);
    expect(attempt!.events).toEqual([]);
    expect(request!.events.map((event) => [event.name, hrTimeToMilliseconds(event.time)])).toEqual([
      ['switchyard.guardrail', record.receivedAt],
      ['switchyard.guardrail', record.receivedAt],
      ['switchyard.guardrail', record.doneAt],
    ]);
    expect(request!.events[0]!.attributes).toEqual({
      'switchyard.guardrail.check': 'pii',
      'switchyard.guardrail.stage': 'input',
      'switchyard.guardrail.action': 'redact',
      'switchyard.guardrail.latency_ms': 0.07,
      'switchyard.guardrail.score': 0.98,
      'switchyard.guardrail.found': ['email=2', 'phone=1'],
    });
    expect(request!.events[1]!.attributes?.['switchyard.guardrail.error']).toBe('timeout after 1000 ms');
  });
});
