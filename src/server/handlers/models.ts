// GET /v1/models and GET /v1/models/{id}: OpenAI's shapes, or Anthropic's (the list paginated)
// when the request carries `anthropic-version` (as the Anthropic SDK always does).

import { describeModel, listModels } from '../../config/resolve-model.js';
import { GatewayError } from '../../errors.js';
import { toAnthropicModel, toAnthropicModelList } from '../anthropic/models-response.js';
import { authenticateData } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { toOpenAIModel, toOpenAIModelList } from '../openai/models-response.js';

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

/** One model by id: an alias, or a name one of the configured patterns serves; else a 404. */
export async function handleModel(exchange: Exchange, gateway: Gateway, id: string): Promise<void> {
  await authenticateData(exchange.request, gateway);
  const model = id === '' ? undefined : describeModel(gateway.configs.current, id);
  if (model === undefined) {
    throw new GatewayError('model_not_found', `The model "${id}" is not served here.`, { param: 'model' });
  }
  const listed = { id: model.id, ownedBy: model.ownedBy, created: startedAt };
  const body = exchange.dialect === 'anthropic' ? toAnthropicModel(listed) : toOpenAIModel(listed);
  exchange.sendJson(200, JSON.stringify(body));
}
