/**
 * OpenAI's error shape and status table, the one builder for every OpenAI-shaped error:
 * Chat Completions, legacy Completions, (later) Azure and Responses, and the control plane's
 * own 404s and 500s.
 */
import type { NeutralError } from '../../canonical/answer.js';
import type { EncodedError } from '../codec.js';
import { jsonErrorResponse } from '../error-response.js';
import type { WireEvent } from '../../stream/framing.js';

const OPENAI_ERRORS: Readonly<Record<number, { type: string; code: string }>> = {
  400: { type: 'invalid_request_error', code: 'invalid_request' },
  401: { type: 'authentication_error', code: 'invalid_api_key' },
  403: { type: 'permission_error', code: 'permission_denied' },
  404: { type: 'not_found_error', code: 'not_found' },
  413: { type: 'invalid_request_error', code: 'request_too_large' },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: 'server_error' },
  502: { type: 'server_error', code: 'bad_gateway' },
  503: { type: 'server_error', code: 'service_unavailable' },
  529: { type: 'server_error', code: 'overloaded' },
};

/**
 * The `type` and `code` OpenAI sends with a status; statuses outside the table take their
 * class's type and no code.
 * @example openAiErrorType(429) // { type: 'rate_limit_error', code: 'rate_limit_exceeded' }
 */
export function openAiErrorType(status: number): { type: string; code: string | null } {
  return OPENAI_ERRORS[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
}

/**
 * What a real 429 carries, so clients' backoff code sees realistic headers. `retry-after` is
 * 1 s so an SDK that honours it retries quickly in tests.
 */
const RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = {
  'retry-after': '1',
  'x-ratelimit-limit-requests': '60',
  'x-ratelimit-remaining-requests': '0',
  'x-ratelimit-reset-requests': '1s',
  'x-ratelimit-limit-tokens': '150000',
  'x-ratelimit-remaining-tokens': '0',
  'x-ratelimit-reset-tokens': '1s',
};

/** The `{"error": {...}}` object, `extra` merged into the inner object. */
function errorObject(err: NeutralError, extra?: Record<string, unknown>) {
  const { type, code } = openAiErrorType(err.status);
  return { error: { message: err.message, type, param: err.param ?? null, code: err.code ?? code, ...extra } };
}

/**
 * @example encodeOpenAiError({ status: 429, message: 'Rate limit exceeded' }).headers['retry-after'] // '1'
 */
export function encodeOpenAiError(err: NeutralError, diagnostics?: Record<string, unknown>): EncodedError {
  return jsonErrorResponse(err, JSON.stringify(errorObject(err, diagnostics)), { rateLimitHeaders: RATE_LIMIT_HEADERS });
}

/**
 * An error inside a stream that already answered 200: a `data:` frame holding the error
 * object, which the OpenAI SDK's stream iterator raises as an APIError.
 * @example openAiStreamError({ status: 529, message: 'Overloaded' }).data // '{"error":{"message":"Overloaded",...}}'
 */
export function openAiStreamError(err: NeutralError): WireEvent {
  return { data: JSON.stringify(errorObject(err)) };
}
