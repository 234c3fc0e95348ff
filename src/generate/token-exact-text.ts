/**
 * Texts exactly `n` tokens long, measured with the real tokenizer (`tokens.ts`), for
 * `target_tokens`. Exact by construction: the tokenizer first splits text into pieces (a word
 * with its leading space, a run of punctuation, a number of up to three digits, a space before
 * a number) and counts each piece on its own, so a text built from whole pieces counts the sum
 * of its pieces. Each piece is counted once (the counter caches short strings); the text is
 * never re-tokenized as a whole.
 */
import type { Rng } from '../random/rng.js';
import { VOCABULARIES, type VocabularyName } from './random-words.js';
import { countTokens } from './tokens.js';

/** Words per sentence in generated prose, uniform in this range. */
const SENTENCE_WORDS: readonly [number, number] = [6, 14];

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Where a word stands decides its piece: `Lorem` opens the text, ` Sed` a sentence, ` ipsum` the rest. */
type Position = 'first' | 'sentence' | 'inner';
const pieceOf = (word: string, at: Position) => (at === 'first' ? capitalise(word) : at === 'sentence' ? ' ' + capitalise(word) : ' ' + word);

/** Per vocabulary and position, the words whose piece is a single token (to fill the last token exactly). */
const oneTokenWords = new Map<string, readonly string[]>();
function oneToken(vocabulary: VocabularyName, at: Position): readonly string[] {
  const key = `${vocabulary}:${at}`;
  let words = oneTokenWords.get(key);
  if (!words) {
    words = VOCABULARIES[vocabulary].filter((w) => countTokens(pieceOf(w, at)) === 1);
    // Both vocabularies hold many one-token words at every position ('the', 'sed' ...).
    if (words.length === 0) throw new Error(`the ${vocabulary} vocabulary has no one-token word at position ${at}`);
    oneTokenWords.set(key, words);
  }
  return words;
}

/**
 * Seeded prose of exactly `n` tokens: sentences of 6 to 14 words drawn from the vocabulary,
 * each capitalised and ending in a period (a text of one token is one word).
 * @example countTokens(proseOfTokens(createRng(7), 'lorem', 50)) // 50
 */
export function proseOfTokens(rng: Rng, vocabulary: VocabularyName, n: number): string {
  const words = VOCABULARIES[vocabulary];
  const out: string[] = [];
  // The closing period is one token, kept back from the start.
  let budget = n >= 2 ? n - 1 : n;
  let at: Position = 'first';
  let sentenceLeft = rng.int(SENTENCE_WORDS[0], SENTENCE_WORDS[1]);
  while (budget > 0) {
    // End the sentence when it is long enough and a period and one more word still fit.
    if (at === 'inner' && sentenceLeft <= 0 && budget >= 2) {
      out.push('.');
      budget -= 1;
      at = 'sentence';
      sentenceLeft = rng.int(SENTENCE_WORDS[0], SENTENCE_WORDS[1]);
      continue;
    }
    let piece = pieceOf(rng.pick(words), at);
    let cost = countTokens(piece);
    if (cost > budget) {
      // Too long for what is left: a one-token word ends the text on the exact count.
      piece = pieceOf(rng.pick(oneToken(vocabulary, at)), at);
      cost = 1;
    }
    out.push(piece);
    budget -= cost;
    at = 'inner';
    sentenceLeft--;
  }
  if (n >= 2) out.push('.');
  return out.join('');
}

/**
 * `1 2 3 ... N`, as many numbers as fit in `n` tokens, with a closing period when one token is
 * left over. Up to 999 every number after the first costs two tokens (the space and the
 * number), so counts up to 1,998 tokens are exact; past that a number costs three and the text
 * may end a token or two short (the usage reports what was sent).
 * @example sequenceOfTokens(6) // '1 2 3.'
 */
export function sequenceOfTokens(n: number): { text: string; tokens: number } {
  const out: string[] = [];
  let used = 0;
  for (let i = 1; ; i++) {
    const piece = i === 1 ? '1' : ` ${i}`;
    const cost = countTokens(piece);
    if (used + cost > n) break;
    out.push(piece);
    used += cost;
  }
  if (used < n) {
    out.push('.');
    used++;
  }
  return { text: out.join(''), tokens: used };
}

/**
 * `1 2 3 ... count`.
 * @example numberSequence(3) // '1 2 3'
 */
export function numberSequence(count: number): string {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = String(i + 1);
  return out.join(' ');
}
