/**
 * Errors answered before any LLM route ran (an unknown path, a wrong base URL, a refused Host)
 * still reach an SDK that parses them: send them in the shape of the API the client speaks, so
 * the Anthropic and Gemini SDKs show our message instead of failing to read an OpenAI body.
 * The request says which: Anthropic's SDK always sends `anthropic-version`, Google's sends
 * `x-goog-api-key` and asks for `/v1beta/...` or `models/...:method` paths.
 */
import type { NeutralError } from '../canonical/answer.js';
import { headerValue, type RequestHeaders } from '../canonical/request.js';
import { encodeAnthropicError } from './anthropic/errors.js';
import type { EncodedError } from './codec.js';
import { encodeGeminiError } from './gemini/errors.js';
import { encodeOpenAiError } from './openai/errors.js';

/**
 * @example errorForClient('/v1/nope', { 'anthropic-version': '2023-06-01' })({ status: 404, message: 'x' }).body // Anthropic's shape
 */
export function errorForClient(path: string, headers: RequestHeaders): (err: NeutralError) => EncodedError {
  if (headerValue(headers, 'anthropic-version') !== undefined) return encodeAnthropicError;
  if (path.startsWith('/v1beta/') || /\/models\/[^/]+:[A-Za-z]+$/.test(path) || headerValue(headers, 'x-goog-api-key') !== undefined) return encodeGeminiError;
  return encodeOpenAiError;
}
