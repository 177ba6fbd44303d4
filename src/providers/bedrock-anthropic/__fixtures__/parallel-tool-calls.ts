// Scenario `parallel-tool-calls` for Claude through InvokeModel: the Anthropic fixture's request and answer (typed with
// the official @anthropic-ai/sdk types there), on Bedrock's wire: the body without model and stream but
// with anthropic_version.

import { bedrockChunk } from '../../../upstream/event-stream-writer.js';
import { parallelToolCalls as anthropic } from '../../anthropic/__fixtures__/parallel-tool-calls.js';
import type { ProviderFixture } from '../../fixture.js';
import { BEDROCK_ANTHROPIC_VERSION } from '../api.js';

const { stream: _stream, model: _model, ...body } = anthropic.expectedBody;

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html */
export const parallelToolCalls: ProviderFixture = {
  ...anthropic,
  request: { ...anthropic.request, model: 'anthropic.claude-sonnet-4-20250514-v1:0' },
  expectedBody: { ...body, anthropic_version: BEDROCK_ANTHROPIC_VERSION },
  upstream: {
    status: anthropic.upstream.status,
    ...(anthropic.upstream.json === undefined ? {} : { json: anthropic.upstream.json }),
    ...(anthropic.upstream.sse === undefined
      ? {}
      : { sse: anthropic.upstream.sse.map((event) => bedrockChunk(JSON.parse(event.data) as object)) }),
  },
};
