// Renders the gateway's models as Anthropic's paginated `GET /v1/models` answer and its
// `GET /v1/models/{model_id}` answer. Pure: the caller parses the query string; models are paged
// in the order given.
// @see https://docs.anthropic.com/en/api/models-list

import { GatewayError } from '../../errors.js';
import type { ListedModel } from '../openai/models-response.js';

export interface ModelPageOptions {
  /** Page size, 1 to 1000 (Anthropic's default is 20). */
  limit?: number;
  /** Return the page just after this model id. */
  afterId?: string;
  /** Return the page just before this model id. */
  beforeId?: string;
}

export function toAnthropicModelList(models: ListedModel[], options: ModelPageOptions = {}): object {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new GatewayError('invalid_request', 'limit must be an integer from 1 to 1000.', { param: 'limit' });
  }
  if (options.afterId !== undefined && options.beforeId !== undefined) {
    throw new GatewayError('invalid_request', 'Give after_id or before_id, not both.', {
      param: 'before_id',
    });
  }
  let page: ListedModel[];
  let hasMore: boolean;
  if (options.beforeId !== undefined) {
    const end = positionOf(models, options.beforeId, 'before_id');
    const start = Math.max(0, end - limit);
    page = models.slice(start, end);
    hasMore = start > 0;
  } else {
    const start = options.afterId === undefined ? 0 : positionOf(models, options.afterId, 'after_id') + 1;
    page = models.slice(start, start + limit);
    hasMore = start + limit < models.length;
  }
  return {
    data: page.map(toAnthropicModel),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}

function positionOf(models: ListedModel[], id: string, param: string): number {
  const index = models.findIndex((model) => model.id === id);
  if (index === -1)
    throw new GatewayError('invalid_request', `No model with id '${id}' to page from.`, { param });
  return index;
}

/** One model, as a page's entries and `GET /v1/models/{model_id}` show it. */
export function toAnthropicModel(model: ListedModel): object {
  return {
    type: 'model',
    id: model.id,
    // The gateway knows no marketing name; the id is what clients display.
    display_name: model.id,
    created_at: new Date(model.created * 1000).toISOString(),
  };
}
