/**
 * Anthropic's error shape and status table: `{"type":"error","error":{"type","message"}}`,
 * for HTTP errors and for the `event: error` frame that ends a failed stream.
 */
import type { NeutralError } from '../../canonical/answer.js';
import type { WireEvent } from '../../stream/framing.js';
import type { EncodedError } from '../codec.js';
import { jsonErrorResponse } from '../error-response.js';

/** The `error.type` Anthropic sends with each status (its "HTTP errors" page). */
const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * Statuses outside the table take their class's type.
 * @example anthropicErrorType(529) // 'overloaded_error'
 * @example anthropicErrorType(418) // 'invalid_request_error'
 */
export function anthropicErrorType(status: number): string {
  return ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * What a real 429 carries besides `retry-after`: the `anthropic-ratelimit-*` family, with the
 * request budget spent. The `*-reset` headers (RFC 3339 times) are left out: a codec has no clock,
 * and a fixed time would be wrong on every run but one.
 */
const RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = {
  'retry-after': '1',
  'anthropic-ratelimit-requests-limit': '50',
  'anthropic-ratelimit-requests-remaining': '0',
  'anthropic-ratelimit-tokens-limit': '40000',
  'anthropic-ratelimit-tokens-remaining': '0',
  'anthropic-ratelimit-input-tokens-limit': '30000',
  'anthropic-ratelimit-input-tokens-remaining': '0',
  'anthropic-ratelimit-output-tokens-limit': '8000',
  'anthropic-ratelimit-output-tokens-remaining': '0',
};

/** The body object; `extra` (diagnostics) lands inside `error`, next to type and message. */
function errorObject(err: NeutralError, extra?: Record<string, unknown>) {
  return { type: 'error', error: { type: anthropicErrorType(err.status), message: err.message, ...extra } };
}

/**
 * @example encodeAnthropicError({ status: 400, message: 'max_tokens: Field required' }).body
 * // '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}'
 */
export function encodeAnthropicError(err: NeutralError, diagnostics?: Record<string, unknown>): EncodedError {
  return jsonErrorResponse(err, JSON.stringify(errorObject(err, diagnostics)), { rateLimitHeaders: RATE_LIMIT_HEADERS });
}

/**
 * The frame that ends a stream which fails after its 200: `event: error` with the same body an
 * HTTP error would have. `@anthropic-ai/sdk` raises it as an APIError whose `type` is the error's.
 * @example anthropicStreamError({ status: 529, message: 'Overloaded' }).event // 'error'
 */
export function anthropicStreamError(err: NeutralError): WireEvent {
  return { event: 'error', data: JSON.stringify(errorObject(err)) };
}
