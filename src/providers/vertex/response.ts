// Reads Vertex AI answers: generateContent answers are the Gemini API's (read by its translator);
// text-embedding `:predict` answers carry their own vectors and token counts. Pure.

import type { EmbeddingsResponse } from '../../core/index.js';
import { isVector, readCount, unreadableResponse } from '../gemini/response.js';
import { isRecord } from '../../core/is-record.js';
import type { PredictEmbeddingsResponseBody } from './api.js';

export { fromGenerateContentResponse } from '../gemini/response.js';

/**
 * predictions[i].embeddings -> vectors in input order, token counts summed from each statistics.
 * There is no one usage object: `reported` keeps each input's statistics verbatim, in order, and
 * the response's metadata (billableCharacterCount) when present.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#response_body
 */
export function fromPredictEmbeddings(body: unknown): EmbeddingsResponse {
  const predictions = isRecord(body) ? (body as PredictEmbeddingsResponseBody).predictions : undefined;
  if (!Array.isArray(predictions)) throw unreadableResponse();
  let inputTokens = 0;
  const statistics: Record<string, unknown>[] = [];
  const vectors = predictions.map((prediction) => {
    const embeddings = isRecord(prediction) && isRecord(prediction.embeddings) ? prediction.embeddings : {};
    if (!isVector(embeddings.values)) throw unreadableResponse();
    if (isRecord(embeddings.statistics)) {
      statistics.push(embeddings.statistics);
      inputTokens += readCount(embeddings.statistics.token_count);
    }
    return embeddings.values;
  });
  const response: EmbeddingsResponse = { model: '', vectors, inputTokens };
  const metadata = isRecord(body) ? body.metadata : undefined;
  if (statistics.length > 0 || isRecord(metadata)) {
    response.reported = isRecord(metadata) ? { statistics, metadata } : { statistics };
  }
  return response;
}
