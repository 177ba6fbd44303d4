// Streams tell the truth: failures before the commit point are retried invisibly; failures after
// it end the client's stream with an explicit error event in its dialect, never a clean end.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import { chunk, done, sse, textStream } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';

let openai: OpenAI;
let anthropic: Anthropic;

const slowModel = `
  gpt-slow:
    targets: [{ provider: openai, model: gpt-slow, timeouts: { idleMs: 300, firstTokenMs: 400 } }]
`;

const suite = mockGatewaySuite(slowModel);

beforeAll(() => {
  openai = openaiClient(suite.gateway);
  anthropic = anthropicClient(suite.gateway);
});

async function rawStream(path: string, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${suite.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}`, ...headers },
    body: JSON.stringify(body),
  });
  return response.text();
}

const openaiBody = (model = 'gpt-4o-mini') => ({
  model,
  stream: true as const,
  messages: [{ role: 'user' as const, content: 'hi' }],
});

describe('after the commit point', () => {
  it('ends an OpenAI stream whose upstream is cut with an error event and no [DONE]', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['Hel', 'lo']).slice(0, 3), cut: true });
    const text = await rawStream('/v1/chat/completions', openaiBody());
    expect(text).toContain('"content":"Hel"');
    expect(text).not.toContain('[DONE]');
    const last = text.trim().split('\n\n').at(-1) ?? '';
    expect(JSON.parse(last.replace(/^data: /, '')).error.message).toMatch(/upstream/i);
  });

  it('makes the openai SDK throw when the upstream stream is cut', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['Hel', 'lo']).slice(0, 3), cut: true });
    const stream = await openai.chat.completions.create({ ...openaiBody(), stream: true } as const);
    const received: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) received.push(part.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(received.join('')).toContain('Hel');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it('treats a stream that ends without [DONE] as cut', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a', 'b']).slice(0, 4) });
    const text = await rawStream('/v1/chat/completions', openaiBody());
    expect(text).not.toContain('[DONE]');
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^data: \{"error"/);
  });

  it('cuts a stream that goes silent past the model idle timeout', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a']).slice(0, 2), stallMs: 2000 });
    const started = Date.now();
    const text = await rawStream('/v1/chat/completions', openaiBody('gpt-slow'));
    expect(Date.now() - started).toBeLessThan(1800);
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^data: \{"error"/);
  });

  it('ends an Anthropic stream with event: error when the upstream sends an error event', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: anthropicWire.overloadedAfterText(),
    });
    const stream = anthropic.messages.stream({
      model: 'claude-haiku',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(String((failure as Error).message)).toMatch(/overloaded/i);
  });

  it('makes the Anthropic SDK throw when the upstream is cut after content', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: anthropicWire.textStream(['Hel', 'lo']).slice(0, 4),
      cut: true,
    });
    const raw = await rawStream(
      '/v1/messages',
      { model: 'claude-haiku', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(raw).toContain('event: error');
    expect(raw).not.toContain('message_stop');
  });
});

describe('before the commit point', () => {
  it('retries a stream cut before any content and the client never notices', async () => {
    suite.openai.reply(
      { kind: 'sse', events: [sse(chunk({ role: 'assistant', content: '' }))], cut: true },
      { kind: 'sse', events: textStream(['ok']) },
    );
    const text = await rawStream('/v1/chat/completions', openaiBody());
    expect(suite.openai.requests).toHaveLength(2);
    expect(text).toContain('"content":"ok"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(text.match(/"role":"assistant"/g)).toHaveLength(1);
  });

  it('retries when the first token is later than the model allows', async () => {
    suite.openai.reply(
      {
        kind: 'sse',
        events: [
          sse(chunk({ role: 'assistant', content: '' })),
          { ...sse(chunk({ content: 'late' })), delayMs: 1500 },
          done,
        ],
      },
      { kind: 'sse', events: textStream(['fast']) },
    );
    const text = await rawStream('/v1/chat/completions', openaiBody('gpt-slow'));
    expect(text).toContain('"content":"fast"');
    expect(text).not.toContain('late');
  });

  it('passes SSE comments from the upstream without treating them as malformed', async () => {
    suite.openai.reply({
      kind: 'sse',
      preamble: ': keep-alive\n\n: OPENROUTER PROCESSING\n\n',
      events: textStream(['x']),
    });
    const text = await rawStream('/v1/chat/completions', openaiBody());
    expect(text).toContain('"content":"x"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('client disconnect', () => {
  it('aborts the upstream request at once', async () => {
    const events = textStream(['a']).slice(0, 2);
    suite.openai.reply({ kind: 'sse', events, stallMs: 5000 });
    const controller = new AbortController();
    const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}` },
      body: JSON.stringify(openaiBody()),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    const before = suite.openai.aborted;
    controller.abort();
    for (let waited = 0; waited < 2000 && suite.openai.aborted === before; waited += 20) await sleep(20);
    expect(suite.openai.aborted).toBe(before + 1);
  });
});
