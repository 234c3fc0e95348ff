/**
 * Gemini's model routes' bodies (`GET /v1beta/models`, `GET /v1beta/models/{model}`, and under
 * `/v1`): `{name: "models/...", version, displayName, description, inputTokenLimit,
 * outputTokenLimit, supportedGenerationMethods}`, listed as `{models, nextPageToken}` and paged
 * with `pageSize` (default 50, at most 1000) and `pageToken`, as `@google/genai`'s pager reads them.
 */
import { headerValue, type RequestHeaders } from '../../canonical/request.js';
import type { ListedModel } from '../../models/catalogue.js';
import type { EncodedError } from '../codec.js';
import { encodeGeminiError } from './errors.js';

/** Whether a request to a path OpenAI shares (`/v1/models`) comes from a Google client. */
export function wantsGeminiModels(headers: RequestHeaders, query: URLSearchParams): boolean {
  return headerValue(headers, 'x-goog-api-key') !== undefined || headerValue(headers, 'x-goog-api-client') !== undefined || query.has('key');
}

function modelObject(m: ListedModel) {
  return {
    name: `models/${m.id}`,
    version: '001',
    displayName: m.displayName,
    description: m.displayName,
    ...(m.contextWindow !== null ? { inputTokenLimit: m.contextWindow, outputTokenLimit: m.maxOutputTokens } : {}),
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  };
}

export function geminiModel(m: ListedModel): string {
  return JSON.stringify(modelObject(m));
}

/** One page of the list (the page token is the next model's position), or a 400 for a bad page size or token. */
export function geminiModelList(models: readonly ListedModel[], query: URLSearchParams): { ok: true; body: string } | { ok: false; error: EncodedError } {
  const bad = (message: string) => ({ ok: false as const, error: encodeGeminiError({ status: 400, message }) });
  const sizeText = query.get('pageSize');
  const size = sizeText === null || sizeText === '0' ? 50 : Number(sizeText);
  if (!Number.isInteger(size) || size < 0) return bad(`Invalid value at 'page_size' (TYPE_INT32), ${JSON.stringify(sizeText)}`);
  const token = query.get('pageToken');
  const from = token === null || token === '' ? 0 : Number(token);
  if (!Number.isInteger(from) || from < 0 || from > models.length) return bad('Invalid page token.');
  const to = Math.min(models.length, from + Math.min(size, 1000));
  return { ok: true, body: JSON.stringify({ models: models.slice(from, to).map(modelObject), ...(to < models.length ? { nextPageToken: String(to) } : {}) }) };
}

/** Gemini's 404 for an unknown model (`@google/genai` raises an ApiError with status 404). */
export function geminiModelNotFound(id: string, version: string): EncodedError {
  return encodeGeminiError({ status: 404, message: `models/${id} is not found for API version ${version}.` });
}

/** `GET models/x:generateContent`: Gemini's methods are POSTs. */
export function geminiWrongVerb(idAndMethod: string): EncodedError {
  const method = idAndMethod.slice(idAndMethod.indexOf(':'));
  return encodeGeminiError({ status: 404, message: `Method not found: ${method} is called with POST, not GET.` });
}
