/**
 * Anthropic's model routes' bodies: `GET /v1/models` lists `{data: [{type: "model", id,
 * display_name, created_at, max_input_tokens, max_tokens}], has_more, first_id, last_id}`,
 * paged with `limit` (default 20, at most 1000), `after_id` and `before_id` as the API pages;
 * `GET /v1/models/{id}` answers one. The same paths serve OpenAI's shapes: a request carrying
 * `anthropic-version` (every Anthropic SDK sends it) gets these.
 */
import { headerValue, type RequestHeaders } from '../../canonical/request.js';
import type { ListedModel } from '../../models/catalogue.js';
import type { EncodedError } from '../codec.js';
import { encodeAnthropicError } from './errors.js';

/** Whether a request comes from an Anthropic client. */
export function wantsAnthropicModels(headers: RequestHeaders): boolean {
  return headerValue(headers, 'anthropic-version') !== undefined;
}

/** RFC 3339 without milliseconds, as the API writes it. */
function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function modelInfo(m: ListedModel) {
  return { type: 'model', id: m.id, display_name: m.displayName, created_at: rfc3339(m.created), max_input_tokens: m.contextWindow, max_tokens: m.maxOutputTokens };
}

export function anthropicModel(m: ListedModel): string {
  return JSON.stringify(modelInfo(m));
}

/**
 * One page of the list, or a 400 for a bad `limit` or an unknown cursor.
 * @example anthropicModelList(models, new URLSearchParams('limit=2')) // { ok: true, body: '{"data":[...2 models],"has_more":true,...}' }
 */
export function anthropicModelList(models: readonly ListedModel[], query: URLSearchParams): { ok: true; body: string } | { ok: false; error: EncodedError } {
  const bad = (message: string) => ({ ok: false as const, error: encodeAnthropicError({ status: 400, message }) });
  const limitText = query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return bad(`limit: Input should be a whole number from 1 to 1000 (got ${JSON.stringify(limitText)})`);
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  let from = 0;
  let to = models.length;
  if (afterId !== null) {
    const i = models.findIndex((m) => m.id === afterId);
    if (i < 0) return bad(`after_id: no model with id ${JSON.stringify(afterId)}`);
    from = i + 1;
  }
  if (beforeId !== null) {
    const i = models.findIndex((m) => m.id === beforeId);
    if (i < 0) return bad(`before_id: no model with id ${JSON.stringify(beforeId)}`);
    to = i;
  }
  // Paging backwards (`before_id` alone) takes the page just before the cursor.
  const page = beforeId !== null && afterId === null ? models.slice(Math.max(from, to - limit), to) : models.slice(from, Math.min(to, from + limit));
  const hasMore = beforeId !== null && afterId === null ? to - limit > from : from + limit < to;
  return {
    ok: true,
    body: JSON.stringify({ data: page.map(modelInfo), has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null }),
  };
}

/** Anthropic's 404 for an unknown model (the SDK raises NotFoundError). */
export function anthropicModelNotFound(id: string): EncodedError {
  return encodeAnthropicError({ status: 404, message: `model: ${id}` });
}
