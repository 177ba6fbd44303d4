// Finished request records for telemetry tests: one served chat request by default, with helpers
// for attempts. Test support only: never imported by the gateway.

import type { AttemptRecord, RequestRecord } from '../request-record.js';

export const sampleTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
export const sampleClientSpanId = '00f067aa0ba902b7';
export const sampleRequestSpanId = 'a1a2a3a4a5a6a7a8';

/** 2025-01-01T00:00:00.000Z, so times in assertions are easy to read. */
export const sampleReceivedAt = 1_735_689_600_000;

export function sampleAttempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    number: 0,
    provider: 'openai-main',
    providerType: 'openai',
    upstreamModel: 'gpt-4o-2024-08-06',
    startedAt: sampleReceivedAt + 2,
    durationMs: 800,
    firstTokenMs: null,
    status: 200,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    spanId: 'b1b2b3b4b5b6b7b8',
    ...overrides,
  };
}

export function sampleRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'req_0123456789abcdef0123456789abcdef',
    traceId: sampleTraceId,
    spanId: sampleRequestSpanId,
    parentSpanId: null,
    organizationId: 'org_default',
    teamId: 'team_1',
    projectId: null,
    keyId: 'key_1',
    sessionId: null,
    workflowId: null,
    receivedAt: sampleReceivedAt,
    firstTokenAt: null,
    doneAt: sampleReceivedAt + 810,
    operation: 'chat',
    dialect: 'openai',
    stream: false,
    model: 'gpt-4o',
    route: 'gpt-4o',
    configVersion: 3,
    provider: 'openai-main',
    providerType: 'openai',
    upstreamModel: 'gpt-4o-2024-08-06',
    responseModel: 'gpt-4o-2024-08-06',
    status: 200,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    finishReason: 'stop',
    cache: 'miss',
    semantic: null,
    guardrails: [],
    usage: {
      inputTokens: 120,
      outputTokens: 30,
      cacheReadTokens: 100,
      cacheWriteTokens: 0,
      source: 'provider',
    },
    cost: {
      usd: 0.0006,
      knownUsd: 0.0006,
      unknown: [],
      tier: 'base',
      lines: [],
      catalogVersion: 'test',
    },
    bodyPolicy: 'full',
    prompt: '{"messages":[{"role":"user","content":"SECRET PROMPT"}]}',
    response: '{"content":"SECRET ANSWER"}',
    attempts: [sampleAttempt()],
    ...overrides,
  };
}
