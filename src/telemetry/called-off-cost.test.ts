import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import { shippedCatalog } from '../catalog/index.js';
import { GatewayError } from '../errors.js';
import { providerFor } from '../providers/registry.js';
import { completeRecord, type CompletionOptions } from './complete-record.js';
import { RequestTrail, type TrailAnswer } from './request-trail.js';
import { StreamObserver } from './stream-observer.js';
import type { StreamEvent } from '../core/index.js';

function target(name: string, upstreamModel: string, priced = true): ResolvedTarget {
  return {
    settings: { name, type: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKeys: ['k'], headers: {} },
    upstreamModel,
    catalogEntry: priced ? shippedCatalog.lookup('openai', upstreamModel) : undefined,
    timeouts: { connectMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 1000 },
  };
}

const mini = target('east', 'gpt-4o-mini');
const large = target('west', 'gpt-4o');

const answer = (model: string, input: number, output: number): string =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  });

function chatTrail(): RequestTrail {
  const trace = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null, sampled: true };
  const trail = new RequestTrail('req_h', 'openai', trace);
  trail.body = { model: 'chat', messages: [{ role: 'user', content: 'Say hi to the team.' }] };
  trail.model = 'chat';
  return trail;
}

/**
 * A hedged race: attempt 0 on `first`, attempt 1 on `second`; attempt `winner` answered. With
 * `lostFirst`, the loser's abort settled before the router noted the winner.
 */
function hedgedTrail(
  first: ResolvedTarget,
  second: ResolvedTarget,
  winner: 0 | 1,
  lostFirst = false,
): RequestTrail {
  const trail = chatTrail();
  const attempts = [
    trail.startAttempt(0, first, 'c'.repeat(16)),
    trail.startAttempt(1, second, 'd'.repeat(16)),
  ];
  const served = attempts[winner]!;
  served.status = 200;
  served.endedAt = served.startedAt + 5;
  served.answer = upstreamJson(answer(served.target.upstreamModel, 100, 20));
  if (lostFirst) {
    const loser = attempts[1 - winner]!;
    loser.endedAt = loser.startedAt + 4;
    loser.outcome = 'cancelled';
    loser.error = new GatewayError('request_timeout', 'called off');
  }
  trail.noteWinner(winner);
  trail.doneAt = Date.now();
  return trail;
}

const options: CompletionOptions = {
  bodyPolicy: 'metadata',
  maxBodyCharacters: 1000,
  catalogVersion: 'test',
  secrets: [],
  countTokens: async (input) => (typeof input === 'string' ? input.length : 40),
};

const price = (model: string, input: number, output: number): number => {
  const prices = shippedCatalog.lookup('openai', model)!.prices!;
  return (input * prices.input! + output * prices.output!) / 1_000_000;
};

describe('called-off attempts', () => {
  it('prices a loser aborted before it answered from the estimated prompt, on its own target', async () => {
    const trail = hedgedTrail(large, mini, 1);
    const record = await completeRecord(trail, options);
    expect(record.provider).toBe('east');
    expect(record.usage).toMatchObject({ inputTokens: 100, outputTokens: 20, source: 'provider' });
    expect(record.attempts.map((attempt) => attempt.outcome)).toEqual(['cancelled', 'ok']);
    expect(record.cost.calledOff).toEqual([
      {
        attempt: 0,
        reason: 'called-off',
        provider: 'west',
        upstreamModel: 'gpt-4o',
        inputTokens: 40,
        outputTokens: 0,
        source: 'estimated',
        usd: price('gpt-4o', 40, 0),
        knownUsd: price('gpt-4o', 40, 0),
      },
    ]);
    expect(record.cost.usd).toBeCloseTo(price('gpt-4o-mini', 100, 20) + price('gpt-4o', 40, 0), 12);
    // The served answer's own lines are unchanged: the loser is its own entry.
    expect(record.cost.lines.map((line) => line.tokens)).toEqual([100, 20]);
  });

  it('prices a loser whose abort settled before the winner was noted', async () => {
    const record = await completeRecord(hedgedTrail(large, mini, 1, true), options);
    expect(record.cost.calledOff?.map((loser) => loser.provider)).toEqual(['west']);
    expect(record.attempts[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('uses the usage a loser reported when its answer arrived after the race was decided', async () => {
    const trail = hedgedTrail(mini, large, 0);
    // The hedge's answer lands after noteWinner: it must neither serve nor be estimated.
    trail.attempts[1]!.answer = upstreamJson(answer('gpt-4o', 100, 7));
    const record = await completeRecord(trail, options);
    expect(record.provider).toBe('east');
    expect(record.usage.outputTokens).toBe(20);
    expect(record.cost.calledOff?.[0]).toMatchObject({
      attempt: 1,
      provider: 'west',
      inputTokens: 100,
      outputTokens: 7,
      source: 'provider',
    });
    expect(record.attempts[1]?.outcome).toBe('cancelled');
  });

  it('counts the output a losing stream showed before it was called off', async () => {
    const trail = hedgedTrail(mini, large, 0);
    const observer = new StreamObserver();
    observer.event({ type: 'text-delta', text: 'Hello team' });
    trail.attempts[1]!.answer = { kind: 'stream', observer };
    const record = await completeRecord(trail, options);
    expect(record.cost.calledOff?.[0]).toMatchObject({ inputTokens: 40, outputTokens: 'Hello team'.length });
    expect(record.attempts[1]?.outcome).toBe('cancelled');
  });

  it('makes the cost unknown, not lower, when a loser has no price', async () => {
    const unpriced = target('lab', 'house-model', false);
    const record = await completeRecord(hedgedTrail(unpriced, mini, 1), options);
    expect(record.cost.usd).toBeNull();
    expect(record.cost.unknown).toContain('calledOff');
    expect(record.cost.knownUsd).toBeCloseTo(price('gpt-4o-mini', 100, 20), 12);
    expect(record.cost.calledOff?.[0]).toMatchObject({ provider: 'lab', usd: null });
  });

  it('does not charge an attempt that failed before the winner answered', async () => {
    const trail = failedThenServed(503, undefined);
    const record = await completeRecord(trail, options);
    expect(record.cost.calledOff).toBeUndefined();
    expect(record.cost.usd).toBeCloseTo(price('gpt-4o-mini', 10, 2), 12);
    expect(record.attempts[0]?.outcome).toBe('error');
  });
});

describe('attempts that failed after their upstream began', () => {
  it('prices a stream that failed after its start from the input its start reported', async () => {
    const started = {
      inputTokens: 4000,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: { input_tokens: 4000 },
    };
    const record = await completeRecord(
      failedThenServed(200, [
        { type: 'response-start', id: 'm', model: 'gpt-4o', created: 1, usage: started },
      ]),
      options,
    );
    expect(record.cost.calledOff).toEqual([
      expect.objectContaining({ attempt: 0, reason: 'failed', inputTokens: 4000, provider: 'west' }),
    ]);
    expect(record.cost.usd).toBeCloseTo(price('gpt-4o-mini', 10, 2) + price('gpt-4o', 4000, 1), 12);
    expect(record.attempts[0]?.outcome).toBe('error');
  });

  it('charges nothing for a 200 stream that failed before sending anything', async () => {
    const record = await completeRecord(failedThenServed(200, []), options);
    expect(record.cost.calledOff).toBeUndefined();
    expect(record.cost.usd).toBeCloseTo(price('gpt-4o-mini', 10, 2), 12);
  });

  it('prices each failed answer that reported usage once, and estimates nothing more when none served', async () => {
    const trail = chatTrail();
    for (const number of [0, 1]) {
      const attempt = trail.startAttempt(number, large, String(number).repeat(16));
      attempt.status = 200;
      attempt.outcome = 'error';
      attempt.error = new GatewayError('upstream_error', 'malformed function call');
      attempt.begun = {
        kind: 'failed',
        usage: { inputTokens: 300, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0, reported: {} },
      };
    }
    trail.doneAt = Date.now();
    const record = await completeRecord(trail, options);
    expect(record.usage).toMatchObject({ inputTokens: 0, outputTokens: 0, source: 'none' });
    expect(record.cost.calledOff?.map((attempt) => [attempt.reason, attempt.source])).toEqual([
      ['failed', 'provider'],
      ['failed', 'provider'],
    ]);
    expect(record.cost.usd).toBeCloseTo(2 * price('gpt-4o', 300, 50), 12);
  });
});

/**
 * A failed first attempt on `large` with `status` (with `events`: a stream whose observer saw
 * them), then `mini` serves.
 */
function failedThenServed(status: number, events: StreamEvent[] | undefined): RequestTrail {
  const trail = chatTrail();
  const failed = trail.startAttempt(0, large, 'c'.repeat(16));
  failed.status = status;
  failed.endedAt = failed.startedAt + 3;
  failed.outcome = 'error';
  failed.error = new GatewayError('unavailable', 'overloaded');
  if (events !== undefined) {
    const observer = new StreamObserver();
    for (const event of events) observer.event(event);
    failed.begun = { kind: 'stream', observer };
  }
  const served = trail.startAttempt(1, mini, 'd'.repeat(16));
  served.status = 200;
  served.endedAt = served.startedAt + 1;
  served.answer = upstreamJson(answer('gpt-4o-mini', 10, 2));
  trail.noteWinner(1);
  trail.doneAt = Date.now();
  return trail;
}

/** An answer as a same-dialect attempt keeps it: the upstream's text and its reading. */
function upstreamJson(text: string): TrailAnswer {
  const provider = providerFor('openai');
  return { kind: 'upstream-json', text, provider, response: provider.chatResponse(JSON.parse(text)) };
}
