import { describe, it, expect } from '@jest/globals';
import { countTokens as o200kCount } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import {
  EXACT_CHARS,
  MAX_PIECE_CHARS,
  countChatPromptTokens,
  countTokens,
  createTokenCounter,
} from '../../../src/generate/tokens.js';

/**
 * A stand-in BPE that records the work it is given: the longest pre-tokenized piece (BPE cost
 * grows with its square) and the characters handed over in total. Counts one token per piece.
 */
function recordingBpe() {
  const seen = { longestPiece: 0, chars: 0, calls: 0 };
  const bpe = (text: string): number => {
    seen.calls++;
    seen.chars += text.length;
    let pieces = 0;
    for (const [piece] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) {
      pieces++;
      seen.longestPiece = Math.max(seen.longestPiece, piece.length);
    }
    return pieces;
  };
  return { bpe, seen };
}

const english =
  'The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times; ' +
  "we'll see what 1234567 customers think about naïve café menus, emojis 🙂🚀 and code like `x => x + 1`.\n";

describe('token counts for normal text are the real o200k counts', () => {
  it.each([
    ['Hello, world!', 4],
    ['', 0],
    ['Hi', 1],
  ])('%j -> %i', (text, n) => {
    expect(countTokens(text)).toBe(n);
  });

  it.each([
    ['a sentence', english],
    ['a few KB of prose', english.repeat(30)],
    ['just under the exact-count limit', english.repeat(Math.floor(EXACT_CHARS / english.length))],
    ['a long URL', 'https://example.com/' + 'path/segment-'.repeat(40)],
  ])('%s', (_label, text) => {
    expect(text.length).toBeLessThanOrEqual(EXACT_CHARS);
    expect(countTokens(text)).toBe(o200kCount(text));
  });

  it('chat prompts add 3 per message and 3 to prime the reply', () => {
    expect(countChatPromptTokens([{ role: 'user', text: 'Hi' }])).toBe(8);
    expect(countChatPromptTokens([{ role: 'system', text: 'Be brief.' }, { role: 'user', text: english }])).toBe(
      3 + (3 + 1 + o200kCount('Be brief.')) + (3 + 1 + o200kCount(english)),
    );
  });

  it('special-token text in a prompt counts as plain text instead of throwing', () => {
    expect(countTokens('hello <|endoftext|> there')).toBeGreaterThan(3);
    expect(countChatPromptTokens([{ role: 'user', text: '<|im_start|>system<|im_end|>' }])).toBeGreaterThan(8);
  });
});

describe('token counting is bounded for any input', () => {
  it('a 200k-character word reaches the BPE in slices no longer than MAX_PIECE_CHARS', () => {
    const { bpe, seen } = recordingBpe();
    const counter = createTokenCounter(bpe);
    const word = 'x'.repeat(200_000);
    expect(counter.countTokens(word)).toBeGreaterThan(0);
    expect(seen.longestPiece).toBeLessThanOrEqual(MAX_PIECE_CHARS);
    expect(seen.chars).toBeLessThanOrEqual(EXACT_CHARS + 16);
  });

  it('a long word inside normal text is sliced; the text around it still goes through whole', () => {
    const { bpe, seen } = recordingBpe();
    const counter = createTokenCounter(bpe);
    counter.countTokens(`${english} ${'y'.repeat(5000)} ${english}`);
    expect(seen.longestPiece).toBeLessThanOrEqual(MAX_PIECE_CHARS);
    expect(seen.calls).toBeLessThan(5000 / MAX_PIECE_CHARS + 4);
  });

  it.each([
    ['one 32 MB word', () => 'z'.repeat(32 * 1024 * 1024)],
    ['32 MB of spaces', () => ' '.repeat(32 * 1024 * 1024)],
    ['8 MB of punctuation', () => '!?'.repeat(4 * 1024 * 1024)],
    ['8 MB of prose', () => english.repeat(Math.ceil((8 * 1024 * 1024) / english.length))],
  ])('%s: the BPE sees at most EXACT_CHARS characters in pieces of at most MAX_PIECE_CHARS', (_label, make) => {
    const { bpe, seen } = recordingBpe();
    const n = createTokenCounter(bpe).countTokens(make());
    expect(n).toBeGreaterThan(0);
    expect(seen.longestPiece).toBeLessThanOrEqual(MAX_PIECE_CHARS);
    expect(seen.chars).toBeLessThanOrEqual(EXACT_CHARS + 16);
  });

  it('a chat of 200,000 short messages is estimated with one bounded count', () => {
    const { bpe, seen } = recordingBpe();
    const messages = Array.from({ length: 200_000 }, (_, i) => ({ role: 'user', text: `message ${i}` }));
    const n = createTokenCounter(bpe).countChatPromptTokens(messages);
    expect(n).toBeGreaterThan(3 + 3 * messages.length);
    expect(seen.chars).toBeLessThanOrEqual(EXACT_CHARS + 16);
  });

  it('above EXACT_CHARS the count is an estimate close to the real one, the same every time', () => {
    const text = english.repeat(Math.ceil((3 * EXACT_CHARS) / english.length));
    const exact = o200kCount(text);
    const estimate = countTokens(text);
    expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.03);
    expect(countTokens(text)).toBe(estimate);
  });

  it('a sliced word counts close to its whole-word count', () => {
    // Letters of base64 noise: 2,601 letters, still quick as one piece.
    const noise = Buffer.from(Array.from({ length: 2400 }, (_, i) => (i * 7919) % 256)).toString('base64').replace(/[^a-zA-Z]/g, '');
    const slices = Math.ceil(noise.length / MAX_PIECE_CHARS);
    expect(countTokens(noise) - o200kCount(noise)).toBeGreaterThanOrEqual(0);
    expect(countTokens(noise) - o200kCount(noise)).toBeLessThanOrEqual(slices);
    // A repeated alphabet is one vocabulary token per period when whole; slices cut it apart.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz'.repeat(120);
    expect(countTokens(alphabet)).toBeLessThan(2 * o200kCount(alphabet));
  });

  it('slices never split an emoji in two', () => {
    const emojis = '🙂'.repeat(10_000);
    const { bpe } = recordingBpe();
    const lone: string[] = [];
    createTokenCounter((t) => {
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t)) lone.push(t);
      return bpe(t);
    }).countTokens(emojis);
    expect(lone).toEqual([]);
  });
});
