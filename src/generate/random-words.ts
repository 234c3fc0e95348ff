/**
 * Generated answers for load chaos's response modes (as ChaosLLM does it), used when no fixture
 * matches and `response.mode` is set:
 * - `random`: `randomWords`: a word count uniform in `[min_words, max_words]`, words drawn
 *   with replacement from a vocabulary (`english` or `lorem`), the first capitalised, a
 *   trailing period. Seeded only: the caller passes `createRng(seed.sub('generate'))`.
 * - `echo`: `echoText`: `Echo: ` + the last user message, cut at 200 characters with `...`.
 */
import type { Rng } from '../random/rng.js';
import { ENGLISH_WORDS } from './vocabulary/english.js';
import { LOREM_WORDS } from './vocabulary/lorem.js';

/**
 * The vocabularies by name. Named here, not imported from `chaos/types.ts`, so `generate/`
 * does not depend on `chaos/` (chaos's `Vocabulary` is the same union).
 */
export type VocabularyName = 'english' | 'lorem';

export const VOCABULARIES: Readonly<Record<VocabularyName, readonly string[]>> = {
  english: ENGLISH_WORDS,
  lorem: LOREM_WORDS,
};

export interface RandomWordsOptions {
  min_words: number;
  max_words: number;
  vocabulary: VocabularyName;
}

/**
 * A sentence of random words: `n` uniform in `[min_words, max_words]` (inclusive; bounds
 * floored, at least 1 word, bounds in either order), first word capitalised, trailing period.
 * @example randomWords(createRng(7), { min_words: 3, max_words: 5, vocabulary: 'lorem' }) // e.g. 'Dolor sed magna.'
 */
export function randomWords(rng: Rng, { min_words, max_words, vocabulary }: RandomWordsOptions): string {
  const words = VOCABULARIES[vocabulary];
  if (!words) throw new Error(`unknown vocabulary: ${String(vocabulary)}`);
  const a = Math.max(1, Math.floor(min_words));
  const b = Math.max(1, Math.floor(max_words));
  const n = rng.int(Math.min(a, b), Math.max(a, b));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = rng.pick(words);
  out[0] = out[0].charAt(0).toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

/** How much of the user's message an echo keeps before `...`. */
export const ECHO_MAX_CHARS = 200;

/**
 * The echo answer: `Echo: ` + the last user message, cut at 200 characters (Unicode code
 * points, so a surrogate pair is never split) with `...` appended when cut. An empty message
 * gives `Echo: `.
 * @example echoText('Hi') // 'Echo: Hi'
 */
export function echoText(userMessage: string): string {
  // Fast path: 200 UTF-16 units or fewer is at most 200 code points.
  if (userMessage.length <= ECHO_MAX_CHARS) return `Echo: ${userMessage}`;
  const points = Array.from(userMessage);
  if (points.length <= ECHO_MAX_CHARS) return `Echo: ${userMessage}`;
  return `Echo: ${points.slice(0, ECHO_MAX_CHARS).join('')}...`;
}
