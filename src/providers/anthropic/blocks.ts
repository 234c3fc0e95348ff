/**
 * Pieces shared by the body and the stream encoders: the usage object, a tool call's `input`,
 * a thinking block's signature and the `stop_sequence` a finish reports.
 */
import type { Usage } from '../../canonical/answer.js';
import { hashString, seededHex } from '../../random/rng.js';
import type { AnthropicWire } from './decode-request.js';

/**
 * The message's `usage` (what the API reports when no cache is in play).
 * @example anthropicUsage({ inputTokens: 9, outputTokens: 3 }).output_tokens // 3
 */
export function anthropicUsage(u: Usage, outputTokens = u.outputTokens) {
  return { input_tokens: u.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens, service_tier: 'standard' };
}

/**
 * A tool call's `input` in a body: the arguments as a JSON value. Arguments a fixture wrote as a
 * string that is not JSON (malformed on purpose) are sent as that string, so the body stays JSON.
 * @example toolInput('{"city":"Paris"}') // { city: 'Paris' }
 */
export function toolInput(argumentsJson: string): unknown {
  try {
    return JSON.parse(argumentsJson);
  } catch {
    return argumentsJson;
  }
}

/**
 * A thinking block's `signature`: opaque base64 like the API's, fixed by the thinking text, so
 * the body and the stream of the same answer carry the same one and replays are identical.
 * @example thinkingSignature('Let me think.') === thinkingSignature('Let me think.') // true
 */
export function thinkingSignature(thinking: string): string {
  return Buffer.from(seededHex(hashString(thinking), 'thinking-signature', 0, 96), 'hex').toString('base64');
}

/** `stop_sequence`: the request's first stop sequence when the answer stopped on one, else null. */
export function stopSequence(stopReason: string, wire: AnthropicWire): string | null {
  return stopReason === 'stop_sequence' ? wire.stopSequence : null;
}
