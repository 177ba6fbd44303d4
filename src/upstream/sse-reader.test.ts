import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../providers/provider.js';
import { readSse } from './sse-reader.js';

async function* chunksOf(chunks: readonly (Buffer | string)[]): AsyncGenerator<Buffer | string> {
  for (const chunk of chunks) yield chunk;
}

async function batchesOf(chunks: readonly (Buffer | string)[]): Promise<SseEvent[][]> {
  const batches: SseEvent[][] = [];
  for await (const batch of readSse(chunksOf(chunks))) batches.push(batch);
  return batches;
}

/** A stream with every feature a provider uses: comments, names, multi-line and non-ASCII data. */
const stream = [
  ': keep-alive comment',
  '',
  'event: message_start',
  'data: {"type":"message_start","text":"héllo 😀 日本"}',
  '',
  'data: line one',
  'data: line two',
  '',
  ': a comment between fields',
  'id: 7',
  'retry: 1000',
  'data:no-space',
  '',
  'data:  two spaces',
  '',
  'event: ping',
  'data: ',
  '',
  'event: without-data',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const expected: SseEvent[] = [
  { event: 'message_start', data: '{"type":"message_start","text":"héllo 😀 日本"}' },
  { data: 'line one\nline two' },
  { data: 'no-space' },
  { data: ' two spaces' },
  { event: 'ping', data: '' },
  { data: '[DONE]' },
];

describe('readSse', () => {
  it('parses a whole stream in one chunk', async () => {
    expect(await batchesOf([Buffer.from(stream, 'utf8')])).toEqual([expected]);
  });

  it('gives the same events whichever byte the stream is split at', async () => {
    const bytes = Buffer.from(stream, 'utf8');
    for (let split = 0; split <= bytes.length; split++) {
      const batches = await batchesOf([bytes.subarray(0, split), bytes.subarray(split)]);
      expect(batches.flat(), `split at byte ${split}`).toEqual(expected);
    }
  });

  it('gives the same events when every byte arrives on its own, CRLF line ends included', async () => {
    for (const text of [stream, stream.replaceAll('\n', '\r\n')]) {
      const bytes = Buffer.from(text, 'utf8');
      const single = [...bytes].map((byte) => Buffer.from([byte]));
      expect((await batchesOf(single)).flat()).toEqual(expected);
    }
  });

  it('handles CRLF line ends split between the CR and the LF', async () => {
    const bytes = Buffer.from(stream.replaceAll('\n', '\r\n'), 'utf8');
    for (let split = 0; split <= bytes.length; split++) {
      const batches = await batchesOf([bytes.subarray(0, split), bytes.subarray(split)]);
      expect(batches.flat(), `split at byte ${split}`).toEqual(expected);
    }
  });

  it('keeps a multi-byte character whole when a chunk boundary falls inside it', async () => {
    const bytes = Buffer.from('data: 😀\n\n', 'utf8');
    const emoji = bytes.indexOf(0xf0);
    for (let inside = 1; inside < 4; inside++) {
      const chunks = [bytes.subarray(0, emoji + inside), bytes.subarray(emoji + inside)];
      expect(await batchesOf(chunks)).toEqual([[{ data: '😀' }]]);
    }
  });

  it('yields one batch per chunk that completes events, and none for chunks that do not', async () => {
    const batches = await batchesOf([
      'data: a\n\ndata: b\n\nda',
      'ta: c',
      '\n',
      '\n',
      ': only a comment\n\n',
      'data: d\n\n',
    ]);
    expect(batches).toEqual([[{ data: 'a' }, { data: 'b' }], [{ data: 'c' }], [{ data: 'd' }]]);
  });

  it('drops a last event that never got its blank line', async () => {
    expect(await batchesOf(['data: a\n\ndata: b\n'])).toEqual([[{ data: 'a' }]]);
    expect(await batchesOf(['data: a\n\n', 'data: b'])).toEqual([[{ data: 'a' }]]);
    expect(await batchesOf(['event: x\ndata: {"partial":'])).toEqual([]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await batchesOf([])).toEqual([]);
    expect(await batchesOf([Buffer.alloc(0), ''])).toEqual([]);
  });

  it('passes on a failure of the body after the events that came before it', async () => {
    const failure = new Error('socket reset');
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('data: first\n\n');
      throw failure;
    }
    const batches = readSse(failing());
    expect(await batches.next()).toEqual({ done: false, value: [{ data: 'first' }] });
    await expect(batches.next()).rejects.toBe(failure);
  });

  it('stops reading the body when the caller stops early', async () => {
    let finished = false;
    async function* body(): AsyncGenerator<string> {
      try {
        yield 'data: one\n\n';
        yield 'data: two\n\n';
      } finally {
        finished = true;
      }
    }
    for await (const batch of readSse(body())) {
      expect(batch).toEqual([{ data: 'one' }]);
      break;
    }
    expect(finished).toBe(true);
  });
});
