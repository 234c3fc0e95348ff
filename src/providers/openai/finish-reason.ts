/** Neutral finish reasons in OpenAI's words (Chat Completions, legacy Completions, Azure). */
import type { Finish, FinishReason } from '../../canonical/answer.js';

const OPENAI_WORDS: Readonly<Record<FinishReason, string>> = {
  stop: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  // A model that declines still ends normally; the refusal text says why.
  refusal: 'stop',
  other: 'stop',
};

/**
 * A fixture's own `finish_reason` is sent exactly as written, as is a `stop_reason` with no
 * neutral meaning; everything else maps through the table.
 * @example openAiFinishReason({ reason: 'tool_calls' }) // 'tool_calls'
 */
export function openAiFinishReason(f: Finish): string {
  const own = f.written?.openai;
  if (own !== undefined) return own;
  if (f.reason === 'other') return f.written?.anthropic ?? OPENAI_WORDS.other;
  return OPENAI_WORDS[f.reason];
}
