// Reads Vertex AI answers: generateContent answers are the Gemini API's (read by its translator);
// text-embedding `:predict` answers carry their own vectors and token counts. Pure.

import type { EmbeddingsResponse } from '../../core/index.js';
import { isRecord, isVector, readCount, unreadableResponse } from '../gemini/response.js';
import type { PredictEmbeddingsResponseBody } from './api.js';

export { fromGenerateContentResponse } from '../gemini/response.js';

/**
 * predictions[i].embeddings -> vectors in input order, token counts summed from each statistics.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#response_body
 */
export function fromPredictEmbeddings(body: unknown): EmbeddingsResponse {
  const predictions = isRecord(body) ? (body as PredictEmbeddingsResponseBody).predictions : undefined;
  if (!Array.isArray(predictions)) throw unreadableResponse();
  let inputTokens = 0;
  const vectors = predictions.map((prediction) => {
    const embeddings = isRecord(prediction) && isRecord(prediction.embeddings) ? prediction.embeddings : {};
    if (!isVector(embeddings.values)) throw unreadableResponse();
    const statistics = isRecord(embeddings.statistics) ? embeddings.statistics : {};
    inputTokens += readCount(statistics.token_count);
    return embeddings.values;
  });
  return { model: '', vectors, inputTokens };
}
