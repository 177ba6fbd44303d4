// Claude on Bedrock through InvokeModel with the Anthropic Messages body: the version constant,
// paths and the stream's chunk wrapper. Types and constants only: no translation logic here.

import type { PayloadPart } from '@aws-sdk/client-bedrock-runtime';
import type { Wire } from '../bedrock/api.js';

export { bedrockHeaders, EVENT_STREAM_CONTENT_TYPE, modelPath } from '../bedrock/api.js';
export type { Wire } from '../bedrock/api.js';

/**
 * The `anthropic_version` Bedrock requires in the body (it replaces the anthropic-version header).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * One `chunk` event of InvokeModelWithResponseStream: `bytes` is base64 of one Anthropic stream event.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
export type ChunkPayload = Wire<PayloadPart>;
