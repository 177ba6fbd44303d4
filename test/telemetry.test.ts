// Traces and metrics end to end: a gateway configured with an OTLP endpoint sends the request's
// spans (continuing the client's traceparent) and GenAI metrics to a local OTLP receiver, and
// serves Prometheus metrics that count what passed through. SIGTERM-style close flushes all of it.

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../src/telemetry/testing/otlp-receiver.js';
import { otlpMetrics, otlpSpans, plainAttributes } from '../src/telemetry/testing/otlp-json.js';
import { completion } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let receiver: OtlpReceiver;
let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;
let client: OpenAI;
const traceId = '0af7651916cd43dd8448eb211c80319c';
const clientSpanId = 'b7ad6b7169203331';
let requestId = '';

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  const telemetry = `
telemetry:
  otlp:
    endpoint: ${receiver.url}
    headers: { x-collector-token: token-1 }
    serviceName: switchyard-e2e
`;
  gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url, '') + telemetry);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  openaiMock.reply({ kind: 'json', body: completion() });
  const { response } = await client.chat.completions
    .create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
      { headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
    )
    .withResponse();
  requestId = response.headers.get('x-request-id') as string;
  // An unknown model: a label must never be the client's free text.
  await client.chat.completions
    .create({ model: 'made-up-model-name', messages: [{ role: 'user', content: 'x' }] })
    .catch(() => undefined);
  await gateway.gateway.records.settled();
});

afterAll(async () => {
  await gateway.close();
  await receiver.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

describe('Prometheus /metrics', () => {
  it('counts requests, tokens and cost by route, with unknown models as "unmatched"', async () => {
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/switchyard_requests_total\{[^}]*route="gpt-4o-mini"[^}]*status="200"[^}]*\} 1/);
    expect(text).toMatch(/switchyard_requests_total\{[^}]*route="unmatched"[^}]*status="404"[^}]*\} 1/);
    expect(text).not.toContain('made-up-model-name');
    expect(text).toMatch(/switchyard_tokens_total\{[^}]*type="input"[^}]*\} 1200/);
    expect(text).toMatch(/switchyard_record_queue_capacity 10000/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
  });
});

describe('OTLP export', () => {
  it('sends the request span under the client span, and the attempt span under it', async () => {
    // Close flushes the batch processor: what a SIGTERM does.
    await gateway.close();
    const delivery = await receiver.waitFor('/v1/traces');
    expect(delivery.headers['x-collector-token']).toBe('token-1');
    const spans = otlpSpans(receiver.deliveries('/v1/traces')).filter(({ span }) => span.traceId === traceId);
    const server = spans.find(({ span }) => span.parentSpanId === clientSpanId);
    expect(server).toBeDefined();
    expect(server?.resource['service.name']).toBe('switchyard-e2e');
    const attributes = plainAttributes(server?.span.attributes);
    expect(attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 7,
      'switchyard.request.id': requestId,
    });
    const attempt = spans.find(({ span }) => span.parentSpanId === server?.span.spanId);
    expect(attempt).toBeDefined();
    // The upstream got the attempt's span as its parent.
    expect(openaiMock.requests[0]?.headers.traceparent).toBe(`00-${traceId}-${attempt?.span.spanId}-01`);
    expect(JSON.stringify(spans)).not.toContain('hello');
  });

  it('exports gen_ai.client.token.usage and gen_ai.client.operation.duration', async () => {
    await receiver.waitFor('/v1/metrics');
    const metrics = otlpMetrics(receiver.deliveries('/v1/metrics'));
    const tokens = metrics.get('gen_ai.client.token.usage');
    expect(tokens?.unit).toBe('{token}');
    const input = tokens?.points.find((point) => point.attributes['gen_ai.token.type'] === 'input');
    expect(Number(input?.point.sum)).toBe(1200);
    expect(metrics.get('gen_ai.client.operation.duration')?.unit).toBe('s');
  });
});
