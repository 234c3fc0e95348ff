/**
 * `GET /v1/models` as Anthropic lists models: `{data: [{type: "model", id, display_name,
 * created_at}], has_more, first_id, last_id}`. The same path serves OpenAI's list; a request
 * carrying `anthropic-version` (every Anthropic SDK sends it) gets this one.
 */
import { headerValue, type RequestHeaders } from '../../canonical/request.js';

/** Whether a request comes from an Anthropic client. */
export function wantsAnthropicModels(headers: RequestHeaders): boolean {
  return headerValue(headers, 'anthropic-version') !== undefined;
}

/**
 * @example anthropicModelList(['claude-sonnet-4-6'], 0)
 * // '{"data":[{"type":"model","id":"claude-sonnet-4-6","display_name":"claude-sonnet-4-6","created_at":"1970-01-01T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-6","last_id":"claude-sonnet-4-6"}'
 */
export function anthropicModelList(ids: readonly string[], unixSeconds: number): string {
  // RFC 3339 without milliseconds, as the API writes it.
  const createdAt = new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return JSON.stringify({
    data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: createdAt })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  });
}
