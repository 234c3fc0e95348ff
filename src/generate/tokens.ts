/**
 * Token counts from a real BPE tokenizer (o200k_base, the GPT-4o / GPT-5 family encoding),
 * not characters/4 as dummyLLM and LLMSim do. Counting is on the request path for prompts;
 * fixture texts are fixed, so their counts are cached.
 *
 * Counting is bounded so that no request can hold the event loop (the server answers every
 * other client from this one thread):
 * - BPE merges one pre-tokenized piece (a "word") in time that grows with the square of its
 *   length: a 160 KB word with no spaces took ~25 s. A piece longer than `MAX_PIECE_CHARS` is
 *   counted in slices of that length. Real words are far shorter, so normal text counts are
 *   exact; an over-long piece counts somewhat more than the real API would (about one token
 *   per slice for random letters, up to ~1.6x for a run the vocabulary holds as long tokens).
 * - A text (or a whole chat prompt) longer than `EXACT_CHARS` is estimated, not counted: a
 *   few evenly spaced windows are counted exactly and the count is scaled to the full length
 *   (the same text always gives the same estimate, typically within a few percent).
 */
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { StringCache } from '../util/string-cache.js';
import { o200k as tokenizer } from './o200k.js';

/** Longest piece handed to the BPE at once; longer ones are counted in slices this long. */
export const MAX_PIECE_CHARS = 128;
/** Longest text (or chat prompt, all messages together) counted exactly; longer is estimated. */
export const EXACT_CHARS = 64 * 1024;
/** An estimate counts this many windows of `EXACT_CHARS / SAMPLE_WINDOWS` characters. */
const SAMPLE_WINDOWS = 8;

/** Long, one-off prompts would only churn the cache. */
const CACHEABLE_CHARS = 2048;
const CACHE_LIMIT = 10_000;

/**
 * Special-token text such as `<|endoftext|>` in a prompt is counted as the plain text it is
 * (the real API does not fail on it; gpt-tokenizer throws by default).
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const bpeCount = (text: string): number => tokenizer().countTokens(text, PLAIN_TEXT);

export interface TokenCounter {
  /** @example countTokens('Hello, world!') // 4 */
  countTokens(text: string): number;
  /**
   * Prompt tokens for a chat: each message's text plus OpenAI's documented per-message overhead
   * (3 tokens per message, 3 to prime the reply), so counts land near what the real API reports.
   */
  countChatPromptTokens(messages: ReadonlyArray<{ role: string; text: string }>): number;
}

/**
 * A counter over `bpe` (a function that counts a string's tokens, e.g. gpt-tokenizer's).
 * Exposed so tests can check how much text reaches the BPE in one call.
 */
export function createTokenCounter(bpe: (text: string) => number): TokenCounter {
  const split = o200kSplit();
  const cache = new StringCache<number>(CACHE_LIMIT, CACHEABLE_CHARS);

  /** Exact count, except that pieces longer than MAX_PIECE_CHARS are counted in slices. */
  function countBounded(text: string): number {
    let n = 0;
    forEachBpeSpan(text, split, (from, to) => {
      n += bpe(from === 0 && to === text.length ? text : text.slice(from, to));
    });
    return n;
  }

  /** Evenly spaced windows counted exactly, scaled to the whole length. */
  function estimate(text: string): number {
    const size = Math.floor(EXACT_CHARS / SAMPLE_WINDOWS);
    const stride = (text.length - size) / (SAMPLE_WINDOWS - 1);
    let tokens = 0;
    let chars = 0;
    for (let i = 0; i < SAMPLE_WINDOWS; i++) {
      const start = cutAt(text, Math.round(i * stride));
      const window = text.slice(start, cutAt(text, start + size));
      tokens += countBounded(window);
      chars += window.length;
    }
    return Math.max(1, Math.round((tokens * text.length) / chars));
  }

  function countTokens(text: string): number {
    if (text.length === 0) return 0;
    if (text.length > EXACT_CHARS) return estimate(text);
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const n = countBounded(text);
    cache.set(text, n);
    return n;
  }

  function countChatPromptTokens(messages: ReadonlyArray<{ role: string; text: string }>): number {
    let chars = 0;
    for (const m of messages) chars += m.role.length + m.text.length;
    let n = 3 + 3 * messages.length;
    if (chars <= EXACT_CHARS) {
      for (const m of messages) n += countTokens(m.role) + countTokens(m.text);
      return n;
    }
    // Over the budget (many messages or long ones): one estimate over all of the text.
    const all: string[] = [];
    for (const m of messages) all.push(m.role, m.text);
    return n + countTokens(all.join('\n'));
  }

  return { countTokens, countChatPromptTokens };
}

/**
 * The spans of `text` the BPE sees one at a time: the whole text when no pre-tokenized piece is
 * longer than MAX_PIECE_CHARS, else the text between over-long pieces and those pieces in
 * slices of that length. Counting and token-paced chunking both go through here, so a text
 * streamed token by token has exactly the token count its usage reports.
 * `split` is a private copy of the o200k split regex (its lastIndex is state).
 */
export function forEachBpeSpan(text: string, split: RegExp, visit: (from: number, to: number) => void): void {
  if (text.length <= MAX_PIECE_CHARS) {
    if (text.length > 0) visit(0, text.length);
    return;
  }
  let from = 0; // start of the text not yet visited
  let sliced = false;
  split.lastIndex = 0;
  for (let m = split.exec(text); m !== null; m = split.exec(text)) {
    const end = split.lastIndex;
    if (end - m.index <= MAX_PIECE_CHARS) continue;
    sliced = true;
    if (m.index > from) visit(from, m.index);
    for (let at = m.index; at < end; ) {
      const to = Math.min(cutAt(text, at + MAX_PIECE_CHARS), end);
      visit(at, to);
      at = to;
    }
    from = end;
  }
  // No over-long piece: one span over the whole text.
  if (!sliced) visit(0, text.length);
  else if (from < text.length) visit(from, text.length);
}

/** A private copy of the o200k split regex (a shared regex's lastIndex would be shared state). */
export function o200kSplit(): RegExp {
  return new RegExp(O200K_TOKEN_SPLIT_REGEX.source, O200K_TOKEN_SPLIT_REGEX.flags);
}

/** A cut position that does not split a surrogate pair (an emoji) in two. */
function cutAt(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at + 1 : at;
}

const o200k = createTokenCounter(bpeCount);

/** @example countTokens('Hello, world!') // 4 */
export const countTokens = o200k.countTokens;

/** @example countChatPromptTokens([{ role: 'user', text: 'Hi' }]) // 8 */
export const countChatPromptTokens = o200k.countChatPromptTokens;

/**
 * The first `max` tokens of `text` (the request's `max_tokens` cutting an answer short), with
 * its token count and whether it was cut. A cut that ends inside a character several tokens
 * spell drops that partial character, and the count is of the text actually returned.
 * @example capTokens('one two three', 2) // { text: 'one two', tokens: 2, cut: true }
 */
export function capTokens(text: string, max: number): { text: string; tokens: number; cut: boolean } {
  const whole = countTokens(text);
  if (whole <= max) return { text, tokens: whole, cut: false };
  const ids = tokenizer().encode(text, PLAIN_TEXT);
  for (let n = max; n > 0; n--) {
    // A prefix of tokens may end mid-character; the decoder shows that as U+FFFD.
    const cut = tokenizer().decode(ids.slice(0, n)).replace(/\uFFFD+$/, '');
    const tokens = countTokens(cut);
    // Re-tokenizing a prefix can, rarely, take more tokens than the prefix held.
    if (tokens <= max) return { text: cut, tokens, cut: true };
  }
  return { text: '', tokens: 0, cut: true };
}

/**
 * Build the tokenizer's tables now (a few hundred ms, once) so the first request does not pay
 * for it. Called at server start.
 */
export function warmTokenizer(): void {
  bpeCount('warm up');
}
