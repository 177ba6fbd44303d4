// Renders the gateway's model list as OpenAI's `GET /v1/models` answer. Pure.
// @see https://platform.openai.com/docs/api-reference/models/list

export interface ListedModel {
  id: string;
  ownedBy: string;
  /** Unix seconds. */
  created: number;
}

export function toOpenAIModelList(models: ListedModel[]): object {
  return {
    object: 'list',
    data: models.map((model) => ({
      id: model.id,
      object: 'model',
      created: model.created,
      owned_by: model.ownedBy,
    })),
  };
}
