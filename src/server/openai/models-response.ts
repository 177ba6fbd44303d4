// Renders the gateway's models as OpenAI's `GET /v1/models` list and `GET /v1/models/{model}`
// answers. Pure.
// @see https://platform.openai.com/docs/api-reference/models/list

export interface ListedModel {
  id: string;
  ownedBy: string;
  /** Unix seconds. */
  created: number;
}

export function toOpenAIModelList(models: ListedModel[]): object {
  return { object: 'list', data: models.map(toOpenAIModel) };
}

/** One model, as the list's entries and `GET /v1/models/{model}` show it. */
export function toOpenAIModel(model: ListedModel): object {
  return { id: model.id, object: 'model', created: model.created, owned_by: model.ownedBy };
}
