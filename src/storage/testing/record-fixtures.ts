// Request records for tests of the record stores: one with every field filled, one with every
// optional field empty, and the hand-checked data set the filter and usage cases read. Test
// support only: never imported by runtime code.

import type { AttemptRecord, RequestRecord } from '../../telemetry/request-record.js';

/** 2025-01-01T00:00:00.000Z: fixtures place records at offsets from it. */
export const fixtureEpoch = Date.UTC(2025, 0, 1);

export function attemptRecord(number: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    number,
    provider: number === 0 ? 'openai-main' : 'azure-backup',
    providerType: number === 0 ? 'openai' : 'azure',
    upstreamModel: number === 0 ? 'gpt-4o-2024-08-06' : 'gpt-4o',
    startedAt: fixtureEpoch + 10 + number * 400,
    durationMs: 312.5,
    firstTokenMs: number === 0 ? null : 41.25,
    status: number === 0 ? null : 200,
    outcome: number === 0 ? 'error' : 'ok',
    errorCode: number === 0 ? 'upstream-timeout' : null,
    errorMessage: number === 0 ? 'read timed out after 30 s: "echo of the prompt"' : null,
    spanId: `00f067aa0ba902b${number}`,
    ...overrides,
  };
}

/** A record with every field set, nested maps included; override what a test varies. */
export function fullRecord(id: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: 'b7ad6b7169203331',
    organizationId: 'acme',
    teamId: 'team-research',
    projectId: 'project-atlas',
    keyId: 'key-1',
    sessionId: 'session-1',
    workflowId: 'workflow-7',
    receivedAt: fixtureEpoch,
    firstTokenAt: fixtureEpoch + 451,
    doneAt: fixtureEpoch + 1200,
    operation: 'chat',
    dialect: 'openai',
    stream: true,
    model: 'gpt-4o',
    route: 'chat-default',
    configVersion: 12,
    provider: 'azure-backup',
    providerType: 'azure',
    upstreamModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    status: 200,
    outcome: 'ok',
    errorCode: 'guardrail-flag',
    errorMessage: 'upstream said: ünïcode ✓ and "quotes"',
    finishReason: 'stop',
    cache: 'miss',
    semantic: { outcome: 'far', score: 0.713, threshold: 0.925 },
    guardrails: [
      { check: 'pii', stage: 'input', action: 'redact', score: 0.93, latencyMs: 1.5 },
      { check: 'toxicity', stage: 'output', action: 'allow', latencyMs: 0.25 },
    ],
    usage: {
      inputTokens: 1200,
      outputTokens: 340,
      cacheReadTokens: 1000,
      cacheWriteTokens: 100,
      cacheWrite1hTokens: 40,
      reasoningTokens: 64,
      audioInputTokens: 30,
      audioOutputTokens: 0,
      webSearchRequests: 2,
      source: 'provider',
      reported: {
        prompt_tokens: 1200,
        completion_tokens: 340,
        prompt_tokens_details: { cached_tokens: 1000, audio_tokens: null },
        extra: ['kept', 1.5, true],
      },
    },
    cost: {
      usd: 0.012345,
      knownUsd: 0.012345,
      unknown: [],
      tier: 'base',
      lines: [
        { part: 'input', tokens: 100, usdPerMillion: 2.5, usd: 0.00025 },
        { part: 'cache-read', tokens: 1000, usdPerMillion: 1.25, usd: 0.00125 },
        { part: 'output', tokens: 340, usdPerMillion: 10, usd: 0.0034 },
      ],
      fees: [{ part: 'webSearch', requests: 2, usdPerThousand: 10, usd: 0.02 }],
      catalogVersion: '2025-01-01.3',
    },
    bodyPolicy: 'full',
    prompt: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello to Zoë 👋' }] }),
    response: JSON.stringify({ content: 'Hello, Zoë!' }),
    attempts: [attemptRecord(0), attemptRecord(1)],
    ...overrides,
  };
}

/** A record with every optional field empty: no key, no route, no bodies, no attempts, unknown cost. */
export function bareRecord(id: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return fullRecord(id, {
    parentSpanId: null,
    teamId: null,
    projectId: null,
    keyId: null,
    sessionId: null,
    workflowId: null,
    firstTokenAt: null,
    stream: false,
    route: null,
    provider: null,
    providerType: null,
    upstreamModel: null,
    responseModel: null,
    status: 404,
    outcome: 'error',
    errorCode: null,
    errorMessage: null,
    finishReason: null,
    cache: 'none',
    semantic: null,
    guardrails: [],
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' },
    cost: {
      usd: null,
      knownUsd: 0,
      unknown: ['model'],
      tier: 'base',
      lines: [],
      catalogVersion: '2025-01-01.3',
    },
    bodyPolicy: 'off',
    prompt: null,
    response: null,
    attempts: [],
    ...overrides,
  });
}

/** A time `seconds` after fixtureEpoch. */
export const at = (seconds: number) => fixtureEpoch + seconds * 1000;

function usage(
  inputTokens: number,
  source: RequestRecord['usage']['source'] = 'provider',
): RequestRecord['usage'] {
  return {
    inputTokens,
    outputTokens: inputTokens / 10,
    cacheReadTokens: inputTokens / 2,
    cacheWriteTokens: 1,
    reasoningTokens: 2,
    source,
  };
}

/** A web-search fee line; usd null when the model had no price for searches. */
function webSearchFee(
  requests: number,
  usd: number | null,
): NonNullable<RequestRecord['cost']['fees']>[number] {
  return { part: 'webSearch', requests, usdPerThousand: usd === null ? null : 10, usd };
}

function cost(usd: number | null): RequestRecord['cost'] {
  return {
    usd,
    knownUsd: usd ?? 0.001,
    unknown: usd === null ? ['output'] : [],
    tier: 'base',
    lines: [],
    catalogVersion: 'v1',
  };
}

/**
 * For the conformance suite's filter and usage tests: six records of acme (a5 and a6 share a timestamp) and one of globex that matches nearly every
 * filter and must never appear. Expected answers below are written out by hand from this table.
 */
export function filterDataSet(): RequestRecord[] {
  const base = (id: string, seconds: number, overrides: Partial<RequestRecord>) =>
    fullRecord(id, { receivedAt: at(seconds), doneAt: at(seconds) + 500, ...overrides });
  // One record per block, densely: the table is easier to check by eye than one field per line.
  // prettier-ignore
  return [
    base('a1', 1, {
      keyId: 'k1', teamId: 't1', model: 'gpt-4o', route: 'chat', status: 200, outcome: 'ok', cache: 'miss',
      cost: { ...cost(0.01), fees: [webSearchFee(2, 0.02)] },
      usage: { ...usage(100), audioInputTokens: 30, audioOutputTokens: 5, webSearchRequests: 2 },
      bodyPolicy: 'full', sessionId: 's1', traceId: 'tr1', provider: 'openai',
      prompt: JSON.stringify({ messages: [{ role: 'user', content: 'The quick, brown fox!' }] }), response: 'jumps over',
    }),
    base('a2', 2, {
      keyId: 'k1', teamId: 't2', model: 'claude', route: 'code', status: 429, outcome: 'error', cache: 'none',
      semantic: null, cost: cost(null), usage: usage(200, 'estimated'), bodyPolicy: 'redacted', sessionId: 's1', traceId: 'tr2',
      provider: 'anthropic', prompt: 'fox hunting [REDACTED]', response: null,
    }),
    base('a3', 3, {
      keyId: 'k2', teamId: 't1', model: 'gpt-4o', route: 'chat', status: 500, outcome: 'error', cache: 'hit',
      semantic: null, cost: cost(0.5), usage: usage(300), bodyPolicy: 'metadata', sessionId: 's2', traceId: 'tr3', provider: 'openai',
      prompt: JSON.stringify({ messages: 1, roles: { user: 1 }, tools: ['fox'] }), response: null,
    }),
    base('a4', 4, {
      keyId: 'k2', teamId: null, model: 'mini', route: null, status: 200, outcome: 'cancelled', cache: 'semantic-hit',
      semantic: { outcome: 'served', score: 0.97, threshold: 0.93 }, cost: cost(0), usage: usage(400, 'estimated'), bodyPolicy: 'off', sessionId: null, traceId: 'tr4', provider: null,
      prompt: null, response: null,
    }),
    base('a5', 5, {
      keyId: 'k1', teamId: 't1', model: 'claude', route: 'code', status: 503, outcome: 'error', cache: 'bypass',
      semantic: null, cost: { ...cost(1.25), fees: [webSearchFee(1, 0.01), webSearchFee(4, null)] },
      usage: { ...usage(500), webSearchRequests: 5 }, bodyPolicy: 'full', sessionId: 's3', traceId: 'tr1', provider: 'anthropic',
      prompt: 'brown bear', response: 'a quick answer: fox',
    }),
    base('a6', 5, {
      keyId: 'k3', teamId: 't2', model: 'gpt-4o', route: 'chat', status: 201, outcome: 'ok', cache: 'miss',
      semantic: { outcome: 'checked', score: 0.9, threshold: 0.93 }, cost: cost(0.02), usage: { ...usage(600), audioInputTokens: 10 }, bodyPolicy: 'full', sessionId: 's3', traceId: 'tr6', provider: 'openai',
      prompt: 'Ünïcode ÉLAN café', response: null,
    }),
    base('b1', 2.5, {
      organizationId: 'globex', keyId: 'k1', teamId: 't1', model: 'gpt-4o', route: 'chat', status: 200, outcome: 'ok',
      cache: 'miss', cost: cost(0.01), usage: usage(700), bodyPolicy: 'full', sessionId: 's1', traceId: 'tr1',
      prompt: 'the quick brown fox', response: 'jumps over',
    }),
  ];
}
