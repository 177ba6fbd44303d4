import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from './testing/otlp-receiver.js';
import { otlpSpans, plainAttributes } from './testing/otlp-json.js';
import {
  sampleAttempt,
  sampleClientSpanId,
  sampleReceivedAt,
  sampleRecord,
  sampleRequestSpanId,
  sampleTraceId,
} from './testing/sample-record.js';
import { TraceExporter } from './trace-exporter.js';

const ms = (epochMs: number): string => `${BigInt(epochMs) * 1_000_000n}`;

/** A streamed request whose first attempt was rate limited and whose fallback served it. */
function fallbackRecord() {
  return sampleRecord({
    parentSpanId: sampleClientSpanId,
    stream: true,
    sessionId: 'session-42',
    firstTokenAt: sampleReceivedAt + 700,
    doneAt: sampleReceivedAt + 1500,
    provider: 'azure-east',
    providerType: 'azure-openai',
    upstreamModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-11-20',
    errorMessage: 'SECRET PROMPT echoed by upstream',
    usage: {
      inputTokens: 50,
      outputTokens: 20,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 4,
      source: 'estimated',
    },
    attempts: [
      sampleAttempt({
        number: 0,
        spanId: '1111111111111111',
        startedAt: sampleReceivedAt + 5,
        durationMs: 120,
        status: 429,
        outcome: 'error',
        errorCode: 'rate_limited',
        errorMessage: 'SECRET PROMPT echoed by upstream',
      }),
      sampleAttempt({
        number: 1,
        provider: 'azure-east',
        providerType: 'azure-openai',
        upstreamModel: 'gpt-4o',
        spanId: '2222222222222222',
        startedAt: sampleReceivedAt + 130,
        durationMs: 1360,
        firstTokenMs: 570,
      }),
    ],
  });
}

describe('TraceExporter', () => {
  let receiver: OtlpReceiver;
  let exporter: TraceExporter | undefined;
  const errors: Error[] = [];

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
    errors.length = 0;
  });

  afterEach(async () => {
    await exporter?.close();
    exporter = undefined;
    await receiver.close();
  });

  function start(options: Partial<ConstructorParameters<typeof TraceExporter>[0]> = {}): TraceExporter {
    exporter = new TraceExporter({
      endpoint: `${receiver.url}/`,
      serviceName: 'switchyard-test',
      serviceVersion: '9.9.9',
      headers: { authorization: 'Bearer collector-token' },
      onError: (error) => errors.push(error),
      upstreamAddress: (deployment) =>
        deployment === 'azure-east' ? { address: 'east.openai.azure.com', port: 443 } : undefined,
      ...options,
    });
    return exporter;
  }

  it('sends the request span and one child span per attempt, with real ids, times and attributes', async () => {
    const traces = start();
    traces.export(fallbackRecord());
    await traces.flush();

    const deliveries = receiver.deliveries('/v1/traces');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.headers['content-type']).toBe('application/json');
    expect(deliveries[0]?.headers.authorization).toBe('Bearer collector-token');
    const spans = otlpSpans(deliveries);
    expect(spans).toHaveLength(3);
    const [request, failed, served] = spans.map(({ span }) => span);

    expect(spans[0]?.resource).toMatchObject({
      'service.name': 'switchyard-test',
      'service.version': '9.9.9',
    });

    // The request span: SERVER (OTLP kind 2), a child of the client's span.
    expect(request).toMatchObject({
      name: 'chat gpt-4o',
      kind: 2,
      traceId: sampleTraceId,
      spanId: sampleRequestSpanId,
      parentSpanId: sampleClientSpanId,
      startTimeUnixNano: ms(sampleReceivedAt),
      endTimeUnixNano: ms(sampleReceivedAt + 1500),
      status: { code: 0 },
    });
    expect(plainAttributes(request.attributes)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.stream': true,
      'gen_ai.response.model': 'gpt-4o-2024-11-20',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 50,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.reasoning.output_tokens': 4,
      'gen_ai.conversation.id': 'session-42',
      'http.response.status_code': 200,
      'switchyard.request.id': 'req_0123456789abcdef0123456789abcdef',
      'switchyard.route': 'gpt-4o',
      'switchyard.config.version': 3,
      'switchyard.dialect': 'openai',
      'switchyard.outcome': 'ok',
      'switchyard.cache': 'miss',
      'switchyard.attempts': 2,
      'switchyard.organization.id': 'org_default',
      'switchyard.provider': 'azure-east',
      'switchyard.key.id': 'key_1',
      'switchyard.team.id': 'team_1',
      'switchyard.usage.source': 'estimated',
      'switchyard.cost.usd': 0.0006,
    });

    // The failed attempt: CLIENT (OTLP kind 3), a child of the request span, status ERROR.
    expect(failed).toMatchObject({
      name: 'chat gpt-4o-2024-08-06',
      kind: 3,
      traceId: sampleTraceId,
      spanId: '1111111111111111',
      parentSpanId: sampleRequestSpanId,
      startTimeUnixNano: ms(sampleReceivedAt + 5),
      endTimeUnixNano: ms(sampleReceivedAt + 125),
      status: { code: 2, message: 'rate_limited' },
    });
    expect(plainAttributes(failed.attributes)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-2024-08-06',
      'gen_ai.request.stream': true,
      'http.response.status_code': 429,
      'error.type': 'rate_limited',
      'switchyard.request.id': 'req_0123456789abcdef0123456789abcdef',
      'switchyard.attempt.number': 0,
      'switchyard.provider': 'openai-main',
      'switchyard.outcome': 'error',
    });

    // The attempt that served carries the answer's model, usage and upstream address.
    expect(served).toMatchObject({
      name: 'chat gpt-4o',
      kind: 3,
      spanId: '2222222222222222',
      parentSpanId: sampleRequestSpanId,
      startTimeUnixNano: ms(sampleReceivedAt + 130),
      endTimeUnixNano: ms(sampleReceivedAt + 1490),
      status: { code: 0 },
    });
    expect(plainAttributes(served.attributes)).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-11-20',
      'gen_ai.response.time_to_first_chunk': 0.57,
      'gen_ai.usage.input_tokens': 50,
      'server.address': 'east.openai.azure.com',
      'server.port': 443,
      'switchyard.attempt.number': 1,
    });
    expect(plainAttributes(served.attributes)['error.type']).toBeUndefined();

    // Never the prompt, the response or upstream error messages.
    const wire = JSON.stringify(deliveries[0]?.body);
    expect(wire).not.toContain('SECRET');
    expect(errors).toEqual([]);
  });

  it('starts a root span when the client sent no traceparent, and marks gateway failures ERROR', async () => {
    const traces = start();
    traces.export(
      sampleRecord({
        status: 502,
        outcome: 'error',
        errorCode: 'upstream_error',
        attempts: [sampleAttempt({ status: 500, outcome: 'error', errorCode: null })],
      }),
    );
    traces.export(
      sampleRecord({
        id: 'req_client_error',
        status: 400,
        outcome: 'error',
        errorCode: 'invalid_request',
        attempts: [],
      }),
    );
    await traces.flush();

    const spans = otlpSpans(receiver.deliveries('/v1/traces')).map(({ span }) => span);
    expect(spans).toHaveLength(3);
    const [failedRequest, failedAttempt, clientError] = spans;
    expect(failedRequest.parentSpanId ?? '').toBe('');
    expect(failedRequest.status).toEqual({ code: 2, message: 'upstream_error' });
    expect(plainAttributes(failedRequest.attributes)['error.type']).toBe('upstream_error');
    // No code of ours: the upstream's status stands in as error.type.
    expect(failedAttempt.status).toEqual({ code: 2, message: '500' });
    expect(plainAttributes(failedAttempt.attributes)['error.type']).toBe('500');
    // A 4xx is the client's: UNSET on the SERVER span, error.type still says what happened.
    expect(clientError.status.code).toBe(0);
    expect(plainAttributes(clientError.attributes)['error.type']).toBe('invalid_request');
  });

  it('exports nothing for an unsampled client trace or after close', async () => {
    const traces = start();
    traces.export(sampleRecord(), false);
    await traces.flush();
    expect(receiver.deliveries('/v1/traces')).toHaveLength(0);

    await traces.close();
    traces.export(sampleRecord());
    await traces.flush();
    expect(receiver.deliveries('/v1/traces')).toHaveLength(0);
  });

  it('exports queued spans on close', async () => {
    const traces = start({ scheduledDelayMs: 60_000 });
    traces.export(sampleRecord());
    await traces.close();
    expect(otlpSpans(receiver.deliveries('/v1/traces'))).toHaveLength(2);
  });

  it('batches in the background without a flush', async () => {
    const traces = start({ scheduledDelayMs: 20 });
    traces.export(sampleRecord());
    const delivery = await receiver.waitFor('/v1/traces');
    expect(otlpSpans([delivery])).toHaveLength(2);
  });

  it('reports a refused export to onError and never throws', async () => {
    const traces = start();
    receiver.refuseWith = 400;
    expect(() => traces.export(sampleRecord())).not.toThrow();
    await expect(traces.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
  });

  it('reports a broken record to onError instead of throwing', () => {
    const traces = start();
    const broken = sampleRecord({ attempts: null as never });
    expect(() => traces.export(broken)).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
