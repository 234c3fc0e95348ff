/**
 * Text cut at real token boundaries (o200k, the tokenizer `tokens.ts` counts with), N tokens a
 * delta: `streaming: {chunk_tokens: N}` and token-paced streams. The text is encoded in the same
 * spans `countTokens` counts (see `forEachBpeSpan`), so the deltas of a text hold exactly the
 * tokens its usage reports.
 *
 * A character the tokenizer splits over several byte tokens (some emoji, rare CJK) stays whole:
 * its tokens go out in one delta, which may then hold a few more than N. Fixture texts repeat,
 * so each text's token ends are cached (bounded, like the counter's cache).
 */
import { forEachBpeSpan, o200kSplit } from './tokens.js';
import { StringCache } from '../util/string-cache.js';
import { o200k } from './o200k.js';


/** Where each whole-character group of tokens ends: `chars[i]` (UTF-16 offset) after `tokens[i]` tokens. */
export interface TokenEnds {
  chars: Uint32Array;
  tokens: Uint32Array;
}

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const split = o200kSplit();
const CACHEABLE_CHARS = 16 * 1024;
// At most 500 texts of 16K characters: a few MB of offsets in the worst case.
const CACHE_LIMIT = 500;
const cache = new StringCache<TokenEnds>(CACHE_LIMIT, CACHEABLE_CHARS);

/**
 * The token ends of `text`, or undefined when the decoded tokens do not give the text back
 * (never for well-formed text; a lone surrogate could): the caller falls back to characters.
 * @example tokenEnds('Hello, world!') // chars [5, 6, 12, 13] after tokens [1, 2, 3, 4]
 */
export function tokenEnds(text: string): TokenEnds | undefined {
  const hit = cache.get(text);
  if (hit) return hit;
  const chars: number[] = [];
  const tokens: number[] = [];
  let charsDone = 0;
  let tokensDone = 0;
  let ok = true;
  forEachBpeSpan(text, split, (from, to) => {
    const ids = o200k().encode(text.slice(from, to), PLAIN_TEXT);
    // The decoder pulls ids one at a time and yields only whole characters: counting the ids
    // pulled when it yields says how many tokens that text took.
    let pulled = 0;
    const feed = function* () {
      for (const id of ids) {
        pulled++;
        yield id;
      }
    };
    let spanChars = 0;
    for (const piece of o200k().decodeGenerator(feed())) {
      spanChars += piece.length;
      chars.push(from + spanChars);
      tokens.push(tokensDone + pulled);
    }
    if (spanChars !== to - from) ok = false;
    tokensDone += ids.length;
    charsDone = to;
  });
  if (!ok || charsDone !== text.length) return undefined;
  const ends: TokenEnds = { chars: Uint32Array.from(chars), tokens: Uint32Array.from(tokens) };
  cache.set(text, ends);
  return ends;
}

/**
 * `text` in deltas of `n` tokens (the last may hold fewer), a `TextChunks` by shape, or undefined when it cannot be cut
 * at tokens (see tokenEnds).
 * @example const c = tokenChunks('Hello, world!', 2)!; [c.count, c.get(0), c.get(1)] // [2, 'Hello,', ' world!']
 */
export function tokenChunks(text: string, n: number): { readonly count: number; get(k: number): string } | undefined {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`chunk_tokens must be a whole number >= 1, got ${n}`);
  if (text.length === 0) return { count: 0, get: () => '' };
  const ends = tokenEnds(text);
  if (!ends) return undefined;
  // Delta k is text.slice(starts[k], starts[k + 1]): cut where a group ends n tokens on.
  const starts: number[] = [0];
  let next = n;
  for (let i = 0; i < ends.chars.length; i++) {
    if (ends.tokens[i] >= next && ends.chars[i] < text.length) {
      starts.push(ends.chars[i]);
      next = ends.tokens[i] + n;
    }
  }
  starts.push(text.length);
  return { count: starts.length - 1, get: (k) => text.slice(starts[k], starts[k + 1]) };
}
