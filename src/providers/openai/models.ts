/**
 * OpenAI's model objects (`GET /v1/models`, `GET /v1/models/{id}`): `{id, object: "model",
 * created, owned_by}`, plus the catalogue's `context_window` and `max_output_tokens` when known
 * (LLMSim's additions; the SDK keeps unknown fields), and OpenAI's 404 for an unknown id.
 */
import type { ListedModel } from '../../models/catalogue.js';
import type { EncodedError } from '../codec.js';
import { encodeOpenAiError } from './errors.js';

function modelObject(m: ListedModel) {
  return {
    id: m.id,
    object: 'model',
    created: m.created,
    owned_by: m.ownedBy,
    ...(m.contextWindow !== null ? { context_window: m.contextWindow, max_output_tokens: m.maxOutputTokens } : {}),
  };
}

/** @example JSON.parse(openAiModelList([])) // { object: 'list', data: [] } */
export function openAiModelList(models: readonly ListedModel[]): string {
  return JSON.stringify({ object: 'list', data: models.map(modelObject) });
}

export function openAiModel(m: ListedModel): string {
  return JSON.stringify(modelObject(m));
}

/** What OpenAI answers for a model id it does not know (the SDK raises NotFoundError). */
export function openAiModelNotFound(id: string): EncodedError {
  return encodeOpenAiError(
    { status: 404, message: `The model \`${id}\` does not exist or you do not have access to it.`, code: 'model_not_found' },
    { type: 'invalid_request_error' },
  );
}
