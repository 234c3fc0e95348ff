/**
 * The finish-reason words a fixture may write: OpenAI's (`finish_reason`) or Anthropic's
 * (`stop_reason`), read into the neutral finish reason at load time. Words with no neutral
 * meaning are kept as `other` and sent as written.
 */
import type { Finish, FinishReason } from '../canonical/answer.js';
import { closest } from './did-you-mean.js';

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

/** Every word each API sends, mapped or not: what a typo is measured against. */
export const KNOWN_FINISH_WORDS = {
  finish_reason: Object.keys(OPENAI_WORDS),
  stop_reason: [...Object.keys(ANTHROPIC_WORDS), 'pause_turn', 'model_context_window_exceeded'],
} as const;

/**
 * A message when `word` looks like a typo of a known word (`lenght`, `Stop`, `tool-calls`),
 * else undefined. Any other string is a deliberate custom word and is sent as written, as the
 * original llmposter allows; a typo would silently send a word no client expects.
 * @example finishWordTypo('finish_reason', 'lenght') // 'finish_reason "lenght" is not a known word; did you mean "length"? ...'
 * @example finishWordTypo('finish_reason', 'eos')    // undefined
 */
export function finishWordTypo(field: keyof typeof KNOWN_FINISH_WORDS, word: string): string | undefined {
  const known = KNOWN_FINISH_WORDS[field];
  if (known.includes(word)) return undefined;
  const guess = closest(word, known);
  if (guess === undefined) return undefined;
  return `${field} "${word}" is not a known word; did you mean "${guess}"? (known: ${known.join(', ')}; a custom word is sent as written, but must not look like a typo of one of these)`;
}

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
