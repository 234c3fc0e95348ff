/** Neutral finish reasons in Anthropic's words (`stop_reason`). */
import type { Finish, FinishReason } from '../../canonical/answer.js';

const ANTHROPIC_WORDS: Readonly<Record<FinishReason, string>> = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  // Anthropic has no content filter of its own: its safety classifier stopping a reply is `refusal`.
  content_filter: 'refusal',
  refusal: 'refusal',
  other: 'end_turn',
};

/**
 * A fixture's own `stop_reason` is sent exactly as written, as is a `finish_reason` with no
 * neutral meaning; everything else maps through the table.
 * @example anthropicStopReason({ reason: 'tool_calls' }) // 'tool_use'
 * @example anthropicStopReason({ reason: 'other', written: { anthropic: 'pause_turn' } }) // 'pause_turn'
 */
export function anthropicStopReason(f: Finish): string {
  const own = f.written?.anthropic;
  if (own !== undefined) return own;
  if (f.reason === 'other') return f.written?.openai ?? ANTHROPIC_WORDS.other;
  return ANTHROPIC_WORDS[f.reason];
}
