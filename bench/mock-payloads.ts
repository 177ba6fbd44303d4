// The fixed OpenAI wire payloads the benchmark's mock upstream serves, serialised once at load so
// the mock spends as little CPU per request as possible. Nothing here depends on the request.

export const mockModel = 'gpt-4o-mini-2024-07-18';
const id = 'chatcmpl-bench0000000000000000000000';
const created = 1_735_689_600;
const systemFingerprint = 'fp_bench';

/** The words of the answer; one content chunk each in the stream. */
export const answerWords = [
  'Hello',
  ' from',
  ' the',
  ' Switchyard',
  ' benchmark',
  ' mock',
  ' upstream',
  ',',
  ' which',
  ' answers',
  ' every',
  ' request',
  ' with',
  ' the',
  ' same',
  ' short',
  ' text',
  '.',
] as const;

export const answerText = answerWords.join('');

const usage = {
  prompt_tokens: 12,
  completion_tokens: answerWords.length,
  total_tokens: 12 + answerWords.length,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

/**
 * The non-streaming answer.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export const completionBody = JSON.stringify({
  id,
  object: 'chat.completion',
  created,
  model: mockModel,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: answerText, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage,
  service_tier: 'default',
  system_fingerprint: systemFingerprint,
});

/** The SSE frames of one streamed answer. */
export interface StreamFrames {
  /** The first chunk: the assistant role and an empty content string (not content yet). */
  role: string;
  /** One frame per answer word. */
  content: string[];
  /** The chunk carrying finish_reason. */
  finish: string;
  /** The usage chunk (empty choices), present when stream_options.include_usage was asked. */
  usage?: string;
  done: string;
}

function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/**
 * role + 18 content + finish = 20 chat.completion.chunk events. With include_usage every chunk
 * carries `usage: null` and one more chunk with empty choices carries the totals.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
function buildFrames(includeUsage: boolean): StreamFrames {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    frame({
      id,
      object: 'chat.completion.chunk',
      created,
      model: mockModel,
      service_tier: 'default',
      system_fingerprint: systemFingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const frames: StreamFrames = {
    role: chunk({ role: 'assistant', content: '', refusal: null }, null),
    content: answerWords.map((word) => chunk({ content: word }, null)),
    finish: chunk({}, 'stop'),
    done: 'data: [DONE]\n\n',
  };
  if (includeUsage) {
    frames.usage = frame({
      id,
      object: 'chat.completion.chunk',
      created,
      model: mockModel,
      service_tier: 'default',
      system_fingerprint: systemFingerprint,
      choices: [],
      usage,
    });
  }
  return frames;
}

export const streamFrames = buildFrames(false);
export const streamFramesWithUsage = buildFrames(true);

/**
 * The model list.
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export const modelsBody = JSON.stringify({
  object: 'list',
  data: [
    { id: 'gpt-4o-mini', object: 'model', created, owned_by: 'system' },
    { id: mockModel, object: 'model', created, owned_by: 'system' },
  ],
});

/**
 * An error body in OpenAI's shape.
 * @see https://platform.openai.com/docs/guides/error-codes/api-errors
 */
export function errorBody(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}
