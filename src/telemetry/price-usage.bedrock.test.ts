// Worked cost examples for Bedrock Converse (type bedrock): inputTokens excludes cache reads and
// writes, cacheDetails splits writes by TTL, and the stream's usage arrives in its last event
// (metadata). USD worked out by hand in each comment.

import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../providers/provider.js';
import { priceOf, providerOf, recordUsage, streamedUsage } from './price-usage.fixture.js';

function converse(usage: Record<string, unknown>) {
  return {
    output: { message: { role: 'assistant', content: [{ text: 'Done.' }] } },
    stopReason: 'end_turn',
    usage,
    metrics: { latencyMs: 900 },
  };
}

/** ConverseStream messages as the event-stream reader hands them over: event type and JSON payload. */
function converseStream(usage: Record<string, unknown>): SseEvent[] {
  const events: Array<[string, Record<string, unknown>]> = [
    ['messageStart', { role: 'assistant' }],
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Done.' } }],
    ['contentBlockStop', { contentBlockIndex: 0 }],
    ['messageStop', { stopReason: 'end_turn' }],
    ['metadata', { usage, metrics: { latencyMs: 420 } }],
  ];
  return events.map(([event, payload]) => ({ event, data: JSON.stringify(payload) }));
}

describe('bedrock (Converse)', () => {
  it('claude-sonnet-4 by cross-region id: cache reads and 1-hour writes added to input', () => {
    const body = converse({
      inputTokens: 2_000,
      outputTokens: 1_000,
      totalTokens: 56_000,
      cacheReadInputTokens: 50_000,
      cacheWriteInputTokens: 3_000,
      cacheDetails: [{ ttl: '1h', inputTokens: 3_000 }],
    });
    const usage = recordUsage(providerOf('bedrock-sonnet-4').chatResponse(body).usage);
    expect(usage).toMatchObject({
      inputTokens: 55_000,
      cacheReadTokens: 50_000,
      cacheWriteTokens: 3_000,
      cacheWrite1hTokens: 3_000,
      reported: body.usage,
    });
    // plain 2,000 x $3/M = $0.006
    // cached 50,000 x $0.30/M = $0.015
    // 1-hour writes 3,000 x $6/M = $0.018
    // output 1,000 x $15/M = $0.015                   -> $0.054
    const cost = priceOf(usage, 'bedrock-sonnet-4');
    expect(cost.tier).toBe('base');
    expect(cost.usd).toBeCloseTo(0.054, 12);
  });

  it('amazon.nova-lite, streamed: usage from the closing metadata event', () => {
    const events = converseStream({ inputTokens: 1_500, outputTokens: 300, totalTokens: 1_800 });
    const usage = recordUsage(streamedUsage(providerOf('nova-lite'), events));
    // 1,500 x $0.06/M = $0.00009; 300 x $0.24/M = $0.000072  -> $0.000162
    expect(priceOf(usage, 'nova-lite').usd).toBeCloseTo(0.000162, 15);
  });

  it('amazon.nova-pro cache reads: the shipped catalog has no cached price, so the cost is flagged', () => {
    const events = converseStream({
      inputTokens: 1_000,
      outputTokens: 100,
      totalTokens: 5_100,
      cacheReadInputTokens: 4_000,
    });
    const usage = recordUsage(streamedUsage(providerOf('nova-pro'), events));
    const cost = priceOf(usage, 'nova-pro');
    expect(cost).toMatchObject({ usd: null, unknown: ['cachedInput'] });
    // Known part: 1,000 x $0.80/M = $0.0008; 100 x $3.20/M = $0.00032  -> at least $0.00112
    expect(cost.knownUsd).toBeCloseTo(0.00112, 12);
  });
});
