/**
 * Reasoning tokens, as LLMSim counts them: a reasoning model thinks before it answers, and the
 * thinking is billed as output. With no reasoning text in the fixture, the hidden reasoning is
 * the visible output times the request's effort multiplier (none 0, minimal 0.5, low 1.5,
 * medium 3, high 6, xhigh 10), added to the output tokens and reported apart: OpenAI's
 * `completion_tokens_details.reasoning_tokens`, the Responses API's
 * `output_tokens_details.reasoning_tokens`, Gemini's `thoughtsTokenCount` (Anthropic counts
 * thinking in `output_tokens` and has no separate field).
 */
import type { Answer } from '../canonical/answer.js';
import type { ChatRequest } from '../canonical/request.js';
import { countTokens } from './tokens.js';
import { memoByString } from '../util/string-cache.js';

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export const EFFORT_MULTIPLIERS: Readonly<Record<ReasoningEffort, number>> = { none: 0, minimal: 0.5, low: 1.5, medium: 3, high: 6, xhigh: 10 };

/**
 * o-series (`o1`, `o3-mini`, `o4-mini`), `gpt-5*` (not the `-chat` models, which do not reason),
 * and names with `-thinking` or `reasoner` (`deepseek-reasoner`). A vendor prefix is allowed
 * (`openai/o3`).
 * @example isReasoningModel('o3-mini') // true
 */
export const isReasoningModel: (model: string) => boolean = memoByString(classify, 1000, 256);

function classify(model: string): boolean {
  const m = model.toLowerCase();
  const name = m.slice(m.lastIndexOf('/') + 1);
  if (/^o\d/.test(name)) return true;
  if (name.startsWith('gpt-5')) return !name.includes('-chat');
  return name.includes('-thinking') || name.includes('reasoner');
}

/**
 * The effort a reasoning model uses when the request names none, as OpenAI documents it:
 * `gpt-5.1` and later point releases default to `none`, `gpt-5-pro` to `high`, every other
 * reasoning model to `medium`.
 * @example defaultEffort('gpt-5.1') // 'none'
 */
export function defaultEffort(model: string): ReasoningEffort {
  const m = model.toLowerCase();
  const name = m.slice(m.lastIndexOf('/') + 1);
  if (/^gpt-5\.\d/.test(name) && !name.includes('codex')) return 'none';
  if (/^gpt-5(-\d+)*-pro/.test(name)) return 'high';
  return 'medium';
}

/** The multiplier for an effort as the request wrote it; an unknown word counts as the default. */
function multiplier(model: string, effort: string | undefined): number {
  const own = effort === undefined ? undefined : EFFORT_MULTIPLIERS[effort.toLowerCase() as ReasoningEffort];
  return own ?? EFFORT_MULTIPLIERS[defaultEffort(model)];
}

/**
 * The hidden reasoning of `visibleTokens` of output.
 * @example reasoningTokensFor('o3', 'high', 10) // 60
 */
export function reasoningTokensFor(model: string, effort: string | undefined, visibleTokens: number): number {
  return Math.round(visibleTokens * multiplier(model, effort));
}

/**
 * The answer with its reasoning counted, for a reasoning model (other models: unchanged).
 * Reasoning text the fixture wrote (`thinking:`) is the reasoning, already in the output;
 * without it, the hidden reasoning is added to the output tokens.
 * @example withReasoning(answer, { ...req, model: 'o3', reasoningEffort: 'low' }).usage.reasoningTokens
 */
export function withReasoning(answer: Answer, req: ChatRequest): Answer {
  if (!isReasoningModel(req.model)) return answer;
  let shown = 0;
  for (const p of answer.parts) if (p.type === 'thinking') shown += countTokens(p.text);
  if (shown > 0) return { ...answer, usage: { ...answer.usage, reasoningTokens: shown } };
  const hidden = reasoningTokensFor(req.model, req.reasoningEffort, answer.usage.outputTokens);
  return { ...answer, usage: { ...answer.usage, outputTokens: answer.usage.outputTokens + hidden, reasoningTokens: hidden } };
}
