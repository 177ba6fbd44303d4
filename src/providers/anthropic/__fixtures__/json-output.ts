// Scenario `json-output`: a json-schema response format. Anthropic has no response_format, so the adapter
// appends a system instruction (after the client's system text) and the model answers with JSON text.

import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ResponseFormat } from '../../../core/index.js';
import type { ProviderFixture } from '../../fixture.js';
import { jsonOutputInstruction } from '../request.js';

const format: ResponseFormat = {
  type: 'json-schema',
  name: 'city',
  schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
};

/** @see https://docs.anthropic.com/en/docs/test-and-evaluate/strengthen-guardrails/increase-consistency */
const message = {
  id: 'msg_01JsonOutput',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [{ type: 'text', text: '{"name":"Paris"}', citations: null }],
  container: null,
  diagnostics: null,
  stop_details: null,
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 96,
    output_tokens: 9,
    cache_creation: null,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  },
} satisfies Message;

export const jsonOutput: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'claude-haiku-4-5',
    system: [{ type: 'text', text: 'You extract places.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'The capital of France.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 100,
    responseFormat: format,
  },
  expectedBody: {
    max_tokens: 100,
    system: [
      { type: 'text', text: 'You extract places.' },
      { type: 'text', text: jsonOutputInstruction(format) },
    ],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'The capital of France.' }] }],
  },
  upstream: { status: 200, headers: { 'content-type': 'application/json' }, json: message },
  expected: {
    kind: 'response',
    response: {
      id: 'msg_01JsonOutput',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: '{"name":"Paris"}' }],
      finishReason: 'stop',
      usage: { inputTokens: 96, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
