/**
 * The finish-reason words a fixture may write: OpenAI's (`finish_reason`) or Anthropic's
 * (`stop_reason`), read into the neutral finish reason at load time. Words with no neutral
 * meaning are kept as `other` and sent as written.
 */
import type { Finish, FinishReason } from '../canonical/answer.js';

const OPENAI_WORDS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

const ANTHROPIC_WORDS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop_sequence',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  // Anthropic's `refusal` is its safety classifier stepping in: OpenAI calls that content_filter.
  refusal: 'content_filter',
};

/**
 * @example fixtureFinish('length', undefined)    // { reason: 'length', written: { openai: 'length' } }
 * @example fixtureFinish(undefined, 'tool_use')  // { reason: 'tool_calls', written: { anthropic: 'tool_use' } }
 */
export function fixtureFinish(finishReason: string | undefined, stopReason: string | undefined): Finish | undefined {
  if (finishReason === undefined && stopReason === undefined) return undefined;
  const written: NonNullable<Finish['written']> = {};
  if (finishReason !== undefined) written.openai = finishReason;
  if (stopReason !== undefined) written.anthropic = stopReason;
  const reason =
    finishReason !== undefined ? (Object.hasOwn(OPENAI_WORDS, finishReason) ? OPENAI_WORDS[finishReason] : 'other') : Object.hasOwn(ANTHROPIC_WORDS, stopReason!) ? ANTHROPIC_WORDS[stopReason!] : 'other';
  return { reason, written };
}
