/** OpenAI's `usage` object (Chat Completions and legacy Completions). */
import type { Usage } from '../../canonical/answer.js';

/**
 * `choices` answers to one prompt (`n`): the prompt counts once, the completion once per choice.
 * @example openAiUsage({ inputTokens: 9, outputTokens: 3 }) // { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }
 */
export function openAiUsage(u: Usage, choices = 1) {
  const completion = u.outputTokens * choices;
  const usage = { prompt_tokens: u.inputTokens, completion_tokens: completion, total_tokens: u.inputTokens + completion };
  // A reasoning model's answer says how much of the completion was reasoning.
  if (u.reasoningTokens === undefined) return usage;
  return { ...usage, completion_tokens_details: { reasoning_tokens: u.reasoningTokens * choices, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };
}
