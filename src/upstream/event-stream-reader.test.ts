import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import type { SseEvent } from '../providers/provider.js';
import { EventStreamSplitter, readEventStream } from './event-stream-reader.js';
import { encodeEventMessage } from './event-stream-writer.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function collect(body: AsyncIterable<Buffer>): Promise<SseEvent[][]> {
  const batches: SseEvent[][] = [];
  for await (const batch of readEventStream(body)) batches.push(batch);
  return batches;
}

const start = encodeEventMessage({ event: 'messageStart', data: '{"role":"assistant"}' });
const delta = encodeEventMessage({
  event: 'contentBlockDelta',
  data: '{"contentBlockIndex":0,"delta":{"text":"Hé ✓"}}',
});

describe('readEventStream', () => {
  it('yields one batch per network chunk, with event types and UTF-8 payloads', async () => {
    const batches = await collect(chunks(Buffer.concat([start, delta])));
    expect(batches).toEqual([
      [
        { event: 'messageStart', data: '{"role":"assistant"}' },
        { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"Hé ✓"}}' },
      ],
    ]);
  });

  it('joins a message split across chunks at every possible byte boundary', async () => {
    const whole = Buffer.concat([start, delta]);
    for (let cut = 1; cut < whole.length; cut += 1) {
      const batches = await collect(chunks(whole.subarray(0, cut), whole.subarray(cut)));
      expect(batches.flat().map((event) => event.event)).toEqual(['messageStart', 'contentBlockDelta']);
    }
  });

  it('reads a message delivered one byte at a time', async () => {
    const bytes = [...delta].map((byte) => Uint8Array.of(byte));
    const batches = await collect(chunks(...bytes));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.[0]?.event).toBe('contentBlockDelta');
  });

  it('names exceptions by their :exception-type', async () => {
    const exception = encodeEventMessage({ event: 'throttlingException', data: '{"message":"slow down"}' });
    const batches = await collect(chunks(exception));
    expect(batches).toEqual([[{ event: 'throttlingException', data: '{"message":"slow down"}' }]]);
  });

  it('turns a generic error message into its error code with the message as JSON', async () => {
    const error = codec.encode({
      headers: {
        ':message-type': { type: 'string', value: 'error' },
        ':error-code': { type: 'string', value: 'InternalFailure' },
        ':error-message': { type: 'string', value: 'boom' },
      },
      body: new Uint8Array(0),
    });
    expect(await collect(chunks(error))).toEqual([
      [{ event: 'InternalFailure', data: '{"message":"boom"}' }],
    ]);
  });

  it('ends quietly when the body stops mid-frame, so the caller reports a cut', async () => {
    const splitter = new EventStreamSplitter();
    expect(splitter.push(start)).toHaveLength(1);
    expect(splitter.push(delta.subarray(0, 20))).toEqual([]);
    expect(splitter.pendingBytes).toBe(20);
    const batches = await collect(chunks(start, delta.subarray(0, delta.length - 1)));
    expect(batches.flat()).toHaveLength(1);
  });

  it('rejects a message whose CRC does not match with stream_interrupted', async () => {
    const damaged = Buffer.from(delta);
    damaged[damaged.length - 8] = (damaged[damaged.length - 8] ?? 0) ^ 0xff;
    const error = await collect(chunks(start, damaged)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('stream_interrupted');
    expect((error as GatewayError).message).toMatch(/corrupt/);
  });

  it.each([
    ['too small', 4],
    ['absurdly large', 0x7fffffff],
  ])('rejects a prelude whose length is %s instead of waiting forever', (_name, length) => {
    const prelude = Buffer.alloc(16);
    prelude.writeUInt32BE(length, 0);
    expect(() => new EventStreamSplitter().push(prelude)).toThrow(/corrupt/);
  });

  it('keeps reading after a batch, across many messages in many chunks', async () => {
    const messages = Array.from({ length: 50 }, (_, index) =>
      encodeEventMessage({ event: 'contentBlockDelta', data: JSON.stringify({ index }) }),
    );
    const whole = Buffer.concat(messages);
    const parts: Uint8Array[] = [];
    for (let offset = 0; offset < whole.length; offset += 37) parts.push(whole.subarray(offset, offset + 37));
    const events = (await collect(chunks(...parts))).flat();
    expect(events.map((event) => JSON.parse(event.data).index)).toEqual(messages.map((_, index) => index));
  });
});
