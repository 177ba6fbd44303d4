import { describe, expect, it } from 'vitest';
import { isCompleteStream, readChatStream } from './stream-reader.js';

const encoder = new TextEncoder();

async function* pieces(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield encoder.encode(part);
}

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }], ...extra })}\n\n`;

describe('readChatStream', () => {
  it('does not count the role-only opening chunk as content', async () => {
    let firstContentCalls = 0;
    const reading = await readChatStream(
      pieces(
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hi' }),
        chunk({ content: '!' }),
        'data: [DONE]\n\n',
      ),
      () => (firstContentCalls += 1),
    );
    expect(reading).toMatchObject({ contentChunks: 2, text: 'Hi!', done: true, malformed: 0 });
    expect(reading.firstContentAt).toBeTypeOf('bigint');
    expect(firstContentCalls).toBe(1);
  });

  it('stamps the first content when it is parsed, not when the stream ends', async () => {
    async function* slow(): AsyncIterable<Uint8Array> {
      yield encoder.encode(chunk({ content: 'a' }));
      await new Promise((resolve) => setTimeout(resolve, 30));
      yield encoder.encode('data: [DONE]\n\n');
    }
    const before = process.hrtime.bigint();
    const reading = await readChatStream(slow());
    const after = process.hrtime.bigint();
    expect(Number(after - reading.firstContentAt!) / 1e6).toBeGreaterThanOrEqual(25);
    expect(reading.firstContentAt! >= before).toBe(true);
  });

  it('reassembles events and multi-byte characters split across network chunks', async () => {
    const frame = chunk({ content: 'né ✓' });
    const bytes = encoder.encode(`${frame}data: [DONE]\n\n`);
    async function* bytewise(): AsyncIterable<Uint8Array> {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    expect(await readChatStream(bytewise())).toMatchObject({ text: 'né ✓', done: true, contentChunks: 1 });
  });

  it('notes usage chunks with empty choices', async () => {
    const reading = await readChatStream(
      pieces(
        chunk({ content: 'x' }),
        `data: ${JSON.stringify({ choices: [], usage: { total_tokens: 3 } })}\n\n`,
      ),
    );
    expect(reading.usageSeen).toBe(true);
    expect(reading.done).toBe(false);
  });

  it('counts data that is not a JSON object as malformed instead of throwing', async () => {
    const reading = await readChatStream(
      pieces('data: {"choices":\n\n', 'data: 42\n\n', 'data: null\n\n', chunk({ content: 'ok' })),
    );
    expect(reading.malformed).toBe(3);
    expect(reading.text).toBe('ok');
  });

  it('ignores comments and event lines that carry no content', async () => {
    const reading = await readChatStream(
      pieces(': keep-alive\n\n', 'event: ping\ndata: {}\n\n', chunk({ content: 'a' })),
    );
    expect(reading).toMatchObject({ text: 'a', malformed: 0, contentChunks: 1 });
  });
});

describe('isCompleteStream', () => {
  const complete = { contentChunks: 1, text: 'abc', usageSeen: false, done: true, malformed: 0 };

  it('needs the whole expected text, [DONE] and no malformed events', () => {
    expect(isCompleteStream(complete, 'abc')).toBe(true);
    expect(isCompleteStream({ ...complete, done: false }, 'abc')).toBe(false);
    expect(isCompleteStream({ ...complete, text: 'ab' }, 'abc')).toBe(false);
    expect(isCompleteStream({ ...complete, malformed: 1 }, 'abc')).toBe(false);
  });
});
