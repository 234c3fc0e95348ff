/** Neutral finish reasons in Gemini's words (`candidates[].finishReason`). */
import type { Finish, FinishReason } from '../../canonical/answer.js';

const GEMINI_WORDS: Readonly<Record<FinishReason, string>> = {
  stop: 'STOP',
  // Gemini says STOP for a stop sequence and for a turn that ends in function calls.
  stop_sequence: 'STOP',
  tool_calls: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  // A `refusal:` fixture is Gemini's safety filter blocking the answer.
  refusal: 'SAFETY',
  other: 'OTHER',
};

/**
 * A word a fixture wrote with no neutral meaning (`finish_reason: RECITATION`) is sent exactly
 * as written; everything else maps through the table.
 * @example geminiFinishReason({ reason: 'length', written: { openai: 'length' } }) // 'MAX_TOKENS'
 * @example geminiFinishReason({ reason: 'other', written: { openai: 'RECITATION' } }) // 'RECITATION'
 */
export function geminiFinishReason(f: Finish): string {
  if (f.reason === 'other') return f.written?.openai ?? f.written?.anthropic ?? GEMINI_WORDS.other;
  return GEMINI_WORDS[f.reason];
}
