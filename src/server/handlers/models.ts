// GET /v1/models: OpenAI's list shape, or Anthropic's paginated shape when the request carries
// `anthropic-version` (as the Anthropic SDK always does).

import { listModels } from '../../config/resolve-model.js';
import { GatewayError } from '../../errors.js';
import { toAnthropicModelList } from '../anthropic/models-response.js';
import { authenticateData } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { toOpenAIModelList } from '../openai/models-response.js';

const startedAt = Math.floor(Date.now() / 1000);

export async function handleModels(
  exchange: Exchange,
  gateway: Gateway,
  query: URLSearchParams,
): Promise<void> {
  await authenticateData(exchange.request, gateway);
  const models = listModels(gateway.configs.current).map((model) => ({
    id: model.id,
    ownedBy: model.ownedBy,
    created: startedAt,
  }));
  if (exchange.dialect === 'anthropic') {
    const limit = query.has('limit') ? Number(query.get('limit')) : 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new GatewayError('invalid_request', 'limit must be an integer from 1 to 1000.', {
        param: 'limit',
      });
    }
    const page = toAnthropicModelList(models, {
      limit,
      afterId: query.get('after_id') ?? undefined,
      beforeId: query.get('before_id') ?? undefined,
    });
    exchange.sendJson(200, JSON.stringify(page));
    return;
  }
  exchange.sendJson(200, JSON.stringify(toOpenAIModelList(models)));
}
