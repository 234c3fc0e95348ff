/**
 * Google's error shape, `{"error": {"code", "message", "status"}}`, with the canonical status
 * names Google APIs send for each HTTP status, for every Gemini route: responses, mid-stream
 * errors (an `{error}` element or `data:` frame the SDK raises) and the `:countTokens` glue.
 */
import type { NeutralError } from '../../canonical/answer.js';
import type { WireEvent } from '../../stream/framing.js';
import type { EncodedError } from '../codec.js';
import { jsonErrorResponse } from '../error-response.js';

/** HTTP status -> Google's canonical status name (google.rpc.Code as the REST APIs spell it). */
const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  // Google has no 502 or 529 of its own: a bad gateway and an overloaded model are both
  // "try again later", which Gemini says as UNAVAILABLE ("The model is overloaded").
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
  529: 'UNAVAILABLE',
};

/**
 * @example googleStatus(429) // 'RESOURCE_EXHAUSTED'
 * @example googleStatus(418) // 'FAILED_PRECONDITION' (another 4xx), googleStatus(599) // 'UNKNOWN'
 */
export function googleStatus(code: number): string {
  return GOOGLE_STATUS[code] ?? (code < 500 ? 'FAILED_PRECONDITION' : 'UNKNOWN');
}

/** A 400 in Google's words (`param` is kept for logs; Google's body has no such field). */
export function invalidArgument(message: string, param: string | null = null): NeutralError {
  return { status: 400, message, param };
}

/** `retry-after` on a 429, as on every llmposter 429, so client backoff code has a number to read. */
const RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = { 'retry-after': '1' };

function errorBody(err: NeutralError, extra?: Record<string, unknown>): string {
  return JSON.stringify({ error: { code: err.status, message: err.message, status: googleStatus(err.status), ...extra } });
}

/**
 * An error response; `diagnostics` (the no-match report) lands inside the error object.
 * @example JSON.parse(encodeGeminiError({ status: 404, message: 'No fixture matched' }).body)
 * // { error: { code: 404, message: 'No fixture matched', status: 'NOT_FOUND' } }
 */
export function encodeGeminiError(err: NeutralError, diagnostics?: Record<string, unknown>): EncodedError {
  return jsonErrorResponse(err, errorBody(err, diagnostics), { contentType: 'application/json; charset=UTF-8', rateLimitHeaders: RATE_LIMIT_HEADERS });
}

/**
 * The element (JSON array) or `data:` frame (SSE) that ends a stream in error: the error object
 * on its own, which `@google/genai` raises as an `ApiError` carrying the code as its `status`.
 * @example geminiStreamError({ status: 503, message: 'Overloaded' }).data
 * // '{"error":{"code":503,"message":"Overloaded","status":"UNAVAILABLE"}}'
 */
export function geminiStreamError(err: NeutralError): WireEvent {
  return { data: errorBody(err) };
}
