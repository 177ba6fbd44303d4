import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import { GatewayError } from '../errors.js';
import { shippedCatalog } from '../catalog/index.js';
import { providerFor } from '../providers/registry.js';
import { completeRecord, type CompletionOptions } from './complete-record.js';
import { RequestTrail, type TrailAnswer } from './request-trail.js';
import { StreamObserver } from './stream-observer.js';

const target: ResolvedTarget = {
  settings: {
    name: 'openai',
    type: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    apiKeys: ['sk-upstream-0123456789'],
    headers: {},
  },
  upstreamModel: 'gpt-4o-mini-2024-07-18',
  catalogEntry: shippedCatalog.lookup('openai', 'gpt-4o-mini-2024-07-18'),
  timeouts: { connectMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 1000 },
};

const options = (bodyPolicy: CompletionOptions['bodyPolicy']): CompletionOptions => ({
  bodyPolicy,
  maxBodyCharacters: 1000,
  catalogVersion: 'test',
  secrets: ['sk-upstream-0123456789'],
});

const body = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Write to jane@example.com about the fox.' },
  ],
  tools: [{ type: 'function', function: { name: 'send_mail', parameters: {} } }],
};

const upstreamAnswer = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Done, jane@example.com.' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35 },
});

function servedTrail(): RequestTrail {
  const trail = new RequestTrail('req_1', 'openai', {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: null,
    sampled: true,
  });
  trail.body = body;
  trail.model = 'gpt-4o-mini';
  trail.route = 'gpt-4o-mini';
  const attempt = trail.startAttempt(0, target, 'c'.repeat(16));
  attempt.status = 200;
  attempt.endedAt = attempt.startedAt + 5;
  attempt.answer = upstreamJson(upstreamAnswer);
  trail.doneAt = Date.now();
  return trail;
}

describe('completeRecord: body policy', () => {
  it('off keeps nothing of the bodies', async () => {
    const record = await completeRecord(servedTrail(), options('off'));
    expect([record.prompt, record.response]).toEqual([null, null]);
  });

  it('metadata keeps the shape and no words', async () => {
    const record = await completeRecord(servedTrail(), options('metadata'));
    expect(JSON.parse(record.prompt as string)).toMatchObject({
      messages: 2,
      roles: { system: 1, user: 1 },
      tools: ['send_mail'],
      system: true,
    });
    expect(record.prompt).not.toContain('fox');
    expect(record.response).not.toContain('Done');
    expect(JSON.parse(record.response as string)).toEqual({ characters: 23, toolCalls: [] });
  });

  it('redacted masks personal data in both bodies', async () => {
    const record = await completeRecord(servedTrail(), options('redacted'));
    expect(record.prompt).toContain('the fox');
    expect(record.prompt).not.toContain('jane@example.com');
    expect(record.response).toContain('[REDACTED:email]');
  });

  it('full keeps the words, cuts at the limit, and still scrubs credentials', async () => {
    const trail = servedTrail();
    trail.body = {
      ...body,
      messages: [{ role: 'user', content: `key sk-upstream-0123456789 ${'x'.repeat(2000)}` }],
    };
    const record = await completeRecord(trail, options('full'));
    expect(record.prompt).toContain('[REDACTED:credential]');
    expect(record.prompt).not.toContain('sk-upstream-0123456789');
    expect(record.prompt).toMatch(/…\[truncated \d+ characters\]$/);
    expect(record.response).toContain('jane@example.com');
  });
});

describe('completeRecord: usage', () => {
  it('takes the provider figures when reported', async () => {
    const record = await completeRecord(servedTrail(), options('metadata'));
    expect(record.usage).toMatchObject({ source: 'provider', inputTokens: 30, outputTokens: 5 });
    expect(record.finishReason).toBe('stop');
    expect(record.responseModel).toBe('gpt-4o-mini-2024-07-18');
  });

  it('estimates when the answer carries no usage', async () => {
    const trail = servedTrail();
    const served = trail.attempts[0]!;
    const parsed = JSON.parse(upstreamAnswer) as Record<string, unknown>;
    delete parsed.usage;
    served.answer = upstreamJson(JSON.stringify(parsed));
    const record = await completeRecord(trail, options('metadata'));
    expect(record.usage.source).toBe('estimated');
    expect(record.usage.inputTokens).toBeGreaterThan(10);
    expect(record.usage.outputTokens).toBeGreaterThan(3);
    expect(record.cost.usd).toBeGreaterThan(0);
  });

  it('says none when nothing reached a model', async () => {
    const trail = new RequestTrail('req_2', 'openai', {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      parentSpanId: null,
      sampled: true,
    });
    trail.error = new GatewayError('model_not_found', 'no such model');
    trail.status = 404;
    trail.doneAt = Date.now();
    const record = await completeRecord(trail, options('metadata'));
    expect(record.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: 'none',
    });
    expect(record.cost.usd).toBe(0);
    expect(record).toMatchObject({
      outcome: 'error',
      errorCode: 'model_not_found',
      errorMessage: null,
      provider: null,
    });
  });

  it('marks a stream that failed after its first content as an error with its attempt', async () => {
    const trail = servedTrail();
    const observer = new StreamObserver();
    observer.event({ type: 'text-delta', text: 'partial answer' });
    observer.failed(new GatewayError('stream_interrupted', 'cut'));
    const attempt = trail.attempts[0]!;
    attempt.endedAt = 0;
    attempt.answer = { kind: 'stream', observer };
    trail.stream = true;
    const record = await completeRecord(trail, options('metadata'));
    expect(record).toMatchObject({ outcome: 'error', errorCode: 'stream_interrupted', status: 200 });
    expect(record.attempts[0]).toMatchObject({ outcome: 'error', errorCode: 'stream_interrupted' });
    expect(record.usage.source).toBe('estimated');
  });

  it('keeps the input counts a stream reported at its start when it is cut before its final usage', async () => {
    const trail = servedTrail();
    const observer = new StreamObserver();
    const reported = { input_tokens: 1200, output_tokens: 1, cache_read_input_tokens: 1000 };
    observer.event({
      type: 'response-start',
      id: 'msg_1',
      model: 'claude-sonnet-4-6',
      created: 0,
      usage: { inputTokens: 2200, outputTokens: 1, cacheReadTokens: 1000, cacheWriteTokens: 0, reported },
    });
    observer.event({ type: 'text-delta', text: 'The answer to your question is forty-two, as computed' });
    observer.failed(new GatewayError('stream_interrupted', 'cut'));
    trail.attempts[0]!.answer = { kind: 'stream', observer };
    trail.stream = true;
    const counted: string[] = [];
    const record = await completeRecord(trail, {
      ...options('metadata'),
      countTokens: async (input) => {
        counted.push(typeof input === 'string' ? input : 'prompt');
        return 9;
      },
    });
    // Only the output is counted; the provider's input figures (cache reads included) stand.
    expect(counted).toEqual(['The answer to your question is forty-two, as computed']);
    expect(record.usage).toMatchObject({
      inputTokens: 2200,
      cacheReadTokens: 1000,
      outputTokens: 9,
      source: 'estimated',
      reported,
    });
  });
});

/** An answer as a same-dialect attempt keeps it: the upstream's text and its reading. */
function upstreamJson(text: string): TrailAnswer {
  const provider = providerFor('openai');
  return { kind: 'upstream-json', text, provider, response: provider.chatResponse(JSON.parse(text)) };
}
