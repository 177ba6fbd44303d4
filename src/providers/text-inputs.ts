// Embeddings inputs for a provider that embeds text only: token-id arrays (OpenAI's dialect
// allows them) are ids of OpenAI's tokenizers and mean nothing to another vendor's model.

import { isTokenInput, type EmbeddingsRequest } from '../core/index.js';
import { GatewayError } from '../errors.js';

export function textInputs(request: EmbeddingsRequest): string[] {
  if (!isTokenInput(request.input)) return request.input;
  throw new GatewayError(
    'invalid_request',
    "Invalid 'input': token arrays can only go to an OpenAI-dialect provider (they are ids of its own tokenizer); send the text as strings.",
    { param: 'input' },
  );
}
