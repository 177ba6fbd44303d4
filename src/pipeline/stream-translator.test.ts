import { describe, expect, it } from 'vitest';
import { emptyUsage, type StreamEvent } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../providers/provider.js';
import { readSse } from '../upstream/sse-reader.js';
import { StreamTranslator, type ClientStreamEncoder, type TranslationMode } from './stream-translator.js';

/** A decoder that looks each event's data up in a script, and records what it was asked. */
class ScriptedDecoder implements StreamDecoder {
  readonly seen: SseEvent[] = [];
  constructor(private readonly script: Record<string, DecodedEvent>) {}
  decode(event: SseEvent): DecodedEvent {
    this.seen.push(event);
    const decoded = this.script[event.data];
    if (!decoded) throw new Error(`unscripted event ${event.data}`);
    return decoded;
  }
}

/** An encoder that renders each canonical event as one readable line. */
class RecordingEncoder implements ClientStreamEncoder {
  readonly encoded: StreamEvent[] = [];
  encode(event: StreamEvent): string {
    this.encoded.push(event);
    return `<${event.type}>`;
  }
  finish(): string {
    return '<finish-stream>';
  }
  error(error: GatewayError): string {
    return `<error ${error.code}>`;
  }
}

const start: StreamEvent = { type: 'response-start', id: 'r1', model: 'm', created: 1 };
const text = (value: string): StreamEvent => ({ type: 'text-delta', text: value });
const usage: StreamEvent = { type: 'usage', usage: { ...emptyUsage(), inputTokens: 3, outputTokens: 5 } };
const finish: StreamEvent = { type: 'finish', reason: 'stop' };
const failure = new GatewayError('overloaded', 'Overloaded.');

const script: Record<string, DecodedEvent> = {
  start: { events: [start], passthrough: 'forward' },
  hello: { events: [text('Hello')], passthrough: 'forward' },
  world: { events: [text(' world')], passthrough: 'forward' },
  usage: { events: [usage], passthrough: 'usage-only' },
  ping: { events: [], passthrough: 'drop' },
  finish: { events: [finish], passthrough: 'forward' },
  done: { events: [], passthrough: 'forward', done: true },
  failed: { events: [], passthrough: 'forward', error: failure },
  tool: { events: [{ type: 'tool-call-start', index: 0, id: 'c1', name: 'f' }], passthrough: 'forward' },
};

function passthrough(includeUsage: boolean): TranslationMode {
  return {
    kind: 'passthrough',
    dialect: 'openai',
    includeUsage,
    renderError: (error) => `data: {"error":"${error.code}"}\n\n`,
  };
}

async function* bodyOf(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

const sse = (...names: string[]): SseEvent[] => names.map((data) => ({ data }));

describe('StreamTranslator passthrough', () => {
  it('re-frames each event verbatim, with its event name', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), passthrough(true));
    const batch: SseEvent[] = [{ event: 'message_start', data: 'start' }, { data: 'hello' }];
    expect(translator.translate(batch).text).toBe('event: message_start\ndata: start\n\ndata: hello\n\n');
  });

  it('keeps multi-line data multi-line, and reads back to the same events', async () => {
    const lines: SseEvent = { event: 'note', data: 'hello\nsecond line\n\nafter a blank' };
    const decoder: StreamDecoder = { decode: () => ({ events: [], passthrough: 'forward' }) };
    const framed = new StreamTranslator(decoder, passthrough(false)).translate([lines, { data: '' }]).text;
    expect(framed).toBe(
      'event: note\ndata: hello\ndata: second line\ndata: \ndata: after a blank\n\ndata: \n\n',
    );
    const reread: SseEvent[] = [];
    for await (const batch of readSse(bodyOf(framed))) reread.push(...batch);
    expect(reread).toEqual([lines, { data: '' }]);
  });

  it('forwards usage-only events only when the client asked for usage', () => {
    const withUsage = new StreamTranslator(new ScriptedDecoder(script), passthrough(true));
    expect(withUsage.translate(sse('finish', 'usage')).text).toBe('data: finish\n\ndata: usage\n\n');
    const without = new StreamTranslator(new ScriptedDecoder(script), passthrough(false));
    expect(without.translate(sse('finish', 'usage')).text).toBe('data: finish\n\n');
  });

  it('never forwards dropped events', () => {
    for (const includeUsage of [true, false]) {
      const translator = new StreamTranslator(new ScriptedDecoder(script), passthrough(includeUsage));
      expect(translator.translate(sse('ping', 'hello', 'ping')).text).toBe('data: hello\n\n');
      expect(translator.translate(sse('ping')).text).toBe('');
    }
  });

  it('marks the batch holding the first content event as committed, and no other', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), passthrough(true));
    expect(translator.translate(sse('start', 'ping', 'usage', 'finish')).committed).toBe(false);
    expect(translator.translate(sse('start', 'hello'))).toMatchObject({ committed: true, done: false });
    expect(
      new StreamTranslator(new ScriptedDecoder(script), passthrough(true)).translate(sse('tool')).committed,
    ).toBe(true);
  });

  it('reports done at the terminal event, forwards it, and ignores what follows it', () => {
    const decoder = new ScriptedDecoder(script);
    const translator = new StreamTranslator(decoder, passthrough(true));
    expect(translator.translate(sse('hello', 'done', 'world'))).toEqual({
      text: 'data: hello\n\ndata: done\n\n',
      committed: true,
      done: true,
    });
    expect(decoder.seen.map((event) => event.data)).toEqual(['hello', 'done']);
  });

  it('ends a batch at an upstream error with the rendered error, keeping what came before', () => {
    const decoder = new ScriptedDecoder(script);
    const translator = new StreamTranslator(decoder, passthrough(true));
    const translated = translator.translate(sse('start', 'hello', 'failed', 'world', 'done'));
    expect(translated).toEqual({
      text: 'data: start\n\ndata: hello\n\ndata: {"error":"overloaded"}\n\n',
      committed: true,
      done: false,
      error: failure,
    });
    expect(decoder.seen.map((event) => event.data)).toEqual(['start', 'hello', 'failed']);
  });

  it('reports an error before any content as not committed, so the router may retry', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), passthrough(true));
    expect(translator.translate(sse('start', 'failed'))).toMatchObject({ committed: false, error: failure });
  });

  it('renders fail() with the dialect renderer', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), passthrough(true));
    expect(translator.fail(new GatewayError('stream_interrupted', 'x'))).toBe(
      'data: {"error":"stream_interrupted"}\n\n',
    );
  });
});

describe('StreamTranslator encode', () => {
  it('encodes every canonical event in order, whatever the passthrough verdict', () => {
    const encoder = new RecordingEncoder();
    const translator = new StreamTranslator(new ScriptedDecoder(script), { kind: 'encode', encoder });
    const translated = translator.translate(sse('start', 'ping', 'hello', 'usage', 'finish'));
    expect(translated).toEqual({
      text: '<response-start><text-delta><usage><finish>',
      committed: true,
      done: false,
    });
    expect(encoder.encoded).toEqual([start, text('Hello'), usage, finish]);
  });

  it("appends the encoder's finish at the terminal event", () => {
    const encoder = new RecordingEncoder();
    const translator = new StreamTranslator(new ScriptedDecoder(script), { kind: 'encode', encoder });
    expect(translator.translate(sse('hello', 'done', 'world'))).toEqual({
      text: '<text-delta><finish-stream>',
      committed: true,
      done: true,
    });
  });

  it("ends with the encoder's error event on an upstream error", () => {
    const encoder = new RecordingEncoder();
    const translator = new StreamTranslator(new ScriptedDecoder(script), { kind: 'encode', encoder });
    expect(translator.translate(sse('hello', 'failed', 'world'))).toEqual({
      text: '<text-delta><error overloaded>',
      committed: true,
      done: false,
      error: failure,
    });
    expect(translator.fail(new GatewayError('upstream_timeout', 'x'))).toBe('<error upstream_timeout>');
  });
});

describe('StreamTranslator when the translation throws', () => {
  class ThrowingEncoder extends RecordingEncoder {
    override encode(event: StreamEvent): string {
      if (event.type === 'tool-call-start') throw new Error('cannot place this');
      return super.encode(event);
    }
  }

  it('ends the stream with the client error event, keeping what was translated before', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), {
      kind: 'encode',
      encoder: new ThrowingEncoder(),
    });
    const batch = translator.translate([{ data: 'start' }, { data: 'hello' }, { data: 'tool' }]);
    expect(batch.text).toBe('<response-start><text-delta><error upstream_error>');
    expect(batch.committed).toBe(true);
    expect(batch.done).toBe(false);
    expect(batch.error?.code).toBe('upstream_error');
    // A translation that cannot follow this stream would not follow the same stream again.
    expect(batch.error?.retryable).toBe(false);
  });

  it('passes a gateway error the encoder raised through as it is', () => {
    const translator = new StreamTranslator(new ScriptedDecoder(script), {
      kind: 'encode',
      encoder: new (class extends RecordingEncoder {
        override encode(): string {
          throw new GatewayError('upstream_error', 'The upstream started tool call 0 twice.');
        }
      })(),
    });
    const batch = translator.translate([{ data: 'hello' }]);
    expect(batch.error?.message).toMatch(/twice/);
    expect(batch.text).toBe('<error upstream_error>');
  });
});
