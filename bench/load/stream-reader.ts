// Reads an OpenAI chat completion SSE stream as a client would and notes when the first content
// arrived: the first `data:` event whose delta carries non-empty text (the role-only opening
// chunk does not count). Parses SSE with eventsource-parser, never by hand.

import { createParser } from 'eventsource-parser';

export interface StreamReading {
  /** process.hrtime.bigint() when the first content delta was parsed. */
  firstContentAt?: bigint;
  contentChunks: number;
  text: string;
  usageSeen: boolean;
  /** `data: [DONE]` was received. */
  done: boolean;
  /** Events whose data was not a JSON object. */
  malformed: number;
}

interface ChunkShape {
  choices?: Array<{ delta?: { content?: unknown } }>;
  usage?: unknown;
}

/**
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
export async function readChatStream(
  body: AsyncIterable<Uint8Array>,
  onFirstContent?: () => void,
): Promise<StreamReading> {
  const reading: StreamReading = { contentChunks: 0, text: '', usageSeen: false, done: false, malformed: 0 };
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') {
        reading.done = true;
        return;
      }
      let chunk: ChunkShape;
      try {
        chunk = JSON.parse(event.data) as ChunkShape;
      } catch {
        reading.malformed += 1;
        return;
      }
      if (typeof chunk !== 'object' || chunk === null) {
        reading.malformed += 1;
        return;
      }
      if (chunk.usage) reading.usageSeen = true;
      const content = chunk.choices?.[0]?.delta?.content;
      if (typeof content !== 'string' || content === '') return;
      if (reading.firstContentAt === undefined) {
        reading.firstContentAt = process.hrtime.bigint();
        onFirstContent?.();
      }
      reading.contentChunks += 1;
      reading.text += content;
    },
  });
  const decoder = new TextDecoder();
  for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }));
  parser.feed(decoder.decode());
  return reading;
}

/** A stream counts as a success only when it carried the whole expected answer and ended properly. */
export function isCompleteStream(reading: StreamReading, expectedText: string): boolean {
  return reading.done && reading.malformed === 0 && reading.text === expectedText;
}
