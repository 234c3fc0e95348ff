/** Text cut at real o200k token boundaries (`chunk_tokens`, token-paced streams). */
import { describe, expect, it } from '@jest/globals';
import { countTokens, MAX_PIECE_CHARS } from '../../../src/generate/tokens.js';
import { tokenChunks } from '../../../src/generate/token-chunks.js';

const all = (c: { count: number; get(k: number): string }) => Array.from({ length: c.count }, (_, k) => c.get(k));

describe('tokenChunks', () => {
  it('one token a chunk: as many chunks as countTokens says, and the text back whole', () => {
    const text = 'The quick brown fox jumps over the lazy dog, twice.';
    const c = tokenChunks(text, 1)!;
    expect(c.count).toBe(countTokens(text));
    expect(all(c).join('')).toBe(text);
    // Each chunk is one token on its own.
    for (const piece of all(c)) expect([piece, countTokens(piece)]).toEqual([piece, 1]);
  });

  it.each([1, 2, 3, 5, 8, 100])('N = %i tokens a chunk: ceil(K / N) chunks', (n) => {
    const text = 'Streaming one token at a time lets a client measure time between tokens, as real APIs do.';
    const k = countTokens(text);
    const c = tokenChunks(text, n)!;
    expect(c.count).toBe(Math.ceil(k / n));
    expect(all(c).join('')).toBe(text);
  });

  it('keeps a character the tokenizer spreads over byte tokens whole (the chunk takes all its tokens)', () => {
    const text = 'math 𝔘𝔫𝔦 and 👋 emoji';
    const c = tokenChunks(text, 1)!;
    expect(all(c).join('')).toBe(text);
    expect(all(c)).toContain('𝔘');
    // Fewer chunks than tokens: each fraktur letter is three byte tokens in one chunk.
    expect(c.count).toBeLessThan(countTokens(text));
    for (const piece of all(c)) expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('a word longer than the BPE\'s slice is cut like countTokens counts it: the counts agree', () => {
    const text = `start ${'x'.repeat(MAX_PIECE_CHARS * 3 + 7)} end`;
    const c = tokenChunks(text, 1)!;
    expect(c.count).toBe(countTokens(text));
    expect(all(c).join('')).toBe(text);
  });

  it('an empty text has no chunks; a bad N is an error', () => {
    expect(tokenChunks('', 3)!.count).toBe(0);
    expect(() => tokenChunks('hi', 0)).toThrow(/whole number >= 1/);
    expect(() => tokenChunks('hi', 1.5)).toThrow(/whole number >= 1/);
  });

  it('special-token text is plain text, as countTokens counts it', () => {
    const text = 'before <|endoftext|> after';
    const c = tokenChunks(text, 1)!;
    expect(c.count).toBe(countTokens(text));
    expect(all(c).join('')).toBe(text);
  });
});
