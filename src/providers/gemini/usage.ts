/**
 * Gemini's `usageMetadata`, as JSON text (the encoders splice it into every element). Zero
 * counts are left out, as the API's proto3 JSON leaves them out.
 */
import type { Usage } from '../../canonical/answer.js';

/**
 * The finished answer's usage: thoughts are counted apart from the candidates, and the total is
 * the sum of all three.
 * @example JSON.parse(geminiUsage({ inputTokens: 9, outputTokens: 7 }, 0))
 * // { promptTokenCount: 9, candidatesTokenCount: 7, totalTokenCount: 16, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }] }
 */
export function geminiUsage(u: Usage, thoughtsTokens: number): string {
  // A reasoning model's answer carries its own count (hidden thinking included).
  const thoughts = Math.min(u.reasoningTokens ?? thoughtsTokens, u.outputTokens);
  const candidates = u.outputTokens - thoughts;
  const o: Record<string, unknown> = { promptTokenCount: u.inputTokens };
  if (candidates > 0) o.candidatesTokenCount = candidates;
  o.totalTokenCount = u.inputTokens + u.outputTokens;
  o.promptTokensDetails = [{ modality: 'TEXT', tokenCount: u.inputTokens }];
  if (thoughts > 0) o.thoughtsTokenCount = thoughts;
  return JSON.stringify(o);
}

/**
 * What a streamed element before the last reports: the prompt only (the real API's first
 * chunks look like this; the counts of the answer come with the last).
 * @example JSON.parse(geminiPromptUsage(9)) // { promptTokenCount: 9, totalTokenCount: 9, promptTokensDetails: [...] }
 */
export function geminiPromptUsage(inputTokens: number): string {
  return JSON.stringify({ promptTokenCount: inputTokens, totalTokenCount: inputTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: inputTokens }] });
}
