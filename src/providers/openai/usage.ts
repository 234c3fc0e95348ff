/** OpenAI's `usage` object (Chat Completions and legacy Completions). */
import type { Usage } from '../../canonical/answer.js';

/** @example openAiUsage({ inputTokens: 9, outputTokens: 3 }) // { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } */
export function openAiUsage(u: Usage) {
  return { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
}
