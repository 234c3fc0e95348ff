/** LLMSim's generators: exact texts, token-exact lengths, seeding, and the max-output-tokens cut. */
import { describe, expect, it } from '@jest/globals';
import { generateText } from '../../../src/generate/generate-text.js';
import { generatorSpec, GeneratorSpecError, MAX_TARGET_TOKENS, parseGeneratorKind } from '../../../src/generate/generator-spec.js';
import { numberSequence, proseOfTokens, sequenceOfTokens } from '../../../src/generate/token-exact-text.js';
import { capTokens, countTokens } from '../../../src/generate/tokens.js';
import { createRng } from '../../../src/random/rng.js';

describe('generator names', () => {
  it('reads every kind, case-insensitively, and keeps a fixed text exactly', () => {
    expect(['lorem', 'random', 'sequence', 'echo'].map((k) => parseGeneratorKind(k).kind)).toEqual(['lorem', 'random', 'sequence', 'echo']);
    expect(parseGeneratorKind(' LOREM ')).toEqual({ kind: 'lorem' });
    // LLMSim lower-cased the fixed text; ours is sent as written, colons and all.
    expect(parseGeneratorKind('fixed:Hello World: Again')).toEqual({ kind: 'fixed', text: 'Hello World: Again' });
    expect(parseGeneratorKind('Fixed: Hi')).toEqual({ kind: 'fixed', text: ' Hi' });
  });

  it('refuses unknown kinds, a fixed without text, and a target it cannot honour, saying what to write', () => {
    expect(() => parseGeneratorKind('lorum')).toThrow(/unknown generator "lorum": use lorem, random, sequence, echo or fixed:<text>/);
    expect(() => parseGeneratorKind('fixed')).toThrow(/fixed needs its text after a colon/);
    expect(() => parseGeneratorKind('fixed:')).toThrow(/needs a text after the colon/);
    expect(() => parseGeneratorKind('lorem:5')).toThrow(GeneratorSpecError);
    expect(() => generatorSpec('fixed:Hi', 10)).toThrow(/target_tokens sizes lorem, random and sequence; fixed answers are as long as their text/);
    expect(() => generatorSpec('echo', 10)).toThrow(/echo answers are as long/);
    expect(() => generatorSpec('lorem', 0)).toThrow(/target_tokens must be a whole number from 1 to 32768, got 0/);
    expect(() => generatorSpec('lorem', MAX_TARGET_TOKENS + 1)).toThrow(/got 32769/);
    expect(() => generatorSpec('lorem', 2.5)).toThrow(/whole number/);
    expect(generatorSpec('sequence', 7)).toEqual({ kind: 'sequence', targetTokens: 7 });
  });
});

describe('token-exact texts', () => {
  it('lorem and english prose are exactly n tokens, measured by the tokenizer, for many seeds and lengths', () => {
    for (const vocabulary of ['lorem', 'english'] as const) {
      for (const n of [1, 2, 3, 5, 8, 13, 50, 199, 200, 1000]) {
        for (let seed = 0; seed < 12; seed++) {
          const text = proseOfTokens(createRng(seed * 7919 + n), vocabulary, n);
          expect([vocabulary, n, seed, countTokens(text)]).toEqual([vocabulary, n, seed, n]);
        }
      }
    }
  });

  it('prose reads as sentences: capitalised, ending in a period', () => {
    const text = proseOfTokens(createRng(3), 'lorem', 120);
    expect(text).toMatch(/^[A-Z][a-z]+( [a-z]+)*\.( [A-Z][a-z]+( [a-z]+)*\.)*$/);
    expect(text.split('. ').length).toBeGreaterThan(2);
  });

  it('is exact at the largest target too', () => {
    const text = proseOfTokens(createRng(1), 'english', MAX_TARGET_TOKENS);
    // Long texts are estimated by countTokens; the exact count is the tokenizer over slices at sentence ends.
    const sentences = text.split(/(?<=\.)(?= )/);
    expect(sentences.reduce((n, s) => n + countTokens(s), 0)).toBe(MAX_TARGET_TOKENS);
  });

  it('sequence: 1 2 3 ... N, exactly n tokens (a period fills an odd count)', () => {
    expect(sequenceOfTokens(1)).toEqual({ text: '1', tokens: 1 });
    expect(sequenceOfTokens(2)).toEqual({ text: '1.', tokens: 2 });
    expect(sequenceOfTokens(5)).toEqual({ text: '1 2 3', tokens: 5 });
    expect(sequenceOfTokens(6)).toEqual({ text: '1 2 3.', tokens: 6 });
    for (const n of [7, 100, 999, 1998]) {
      const { text, tokens } = sequenceOfTokens(n);
      expect([n, countTokens(text), tokens]).toEqual([n, n, n]);
    }
    expect(sequenceOfTokens(1997).text.endsWith(' 998 999')).toBe(true);
    expect(numberSequence(4)).toBe('1 2 3 4');
  });

  it('past 999 numbers, the count reported is the count sent', () => {
    const { text, tokens } = sequenceOfTokens(2500);
    expect(countTokens(text)).toBe(tokens);
    expect(tokens).toBeLessThanOrEqual(2500);
    expect(tokens).toBeGreaterThanOrEqual(2498);
  });
});

describe('generateText', () => {
  const rng = (seed = 1) => createRng(seed);

  it('fixed and echo are exact texts; sequence without a target is 1 to 10', () => {
    expect(generateText({ kind: 'fixed', text: 'Hello, World' }, 'ignored', rng())).toEqual({ text: 'Hello, World', tokens: countTokens('Hello, World'), cut: false });
    expect(generateText({ kind: 'echo' }, 'ping', rng()).text).toBe('Echo: ping');
    expect(generateText({ kind: 'sequence' }, '', rng()).text).toBe('1 2 3 4 5 6 7 8 9 10');
  });

  it('lorem and random without a target are 10 to 100 words (load chaos\' random mode length)', () => {
    for (const kind of ['lorem', 'random'] as const) {
      const words = generateText({ kind }, '', rng(9)).text.split(' ').length;
      expect(words).toBeGreaterThanOrEqual(10);
      expect(words).toBeLessThanOrEqual(100);
    }
  });

  it('is seeded: the same seed gives the same text, another seed another', () => {
    const a = generateText({ kind: 'lorem', targetTokens: 60 }, '', rng(5)).text;
    expect(generateText({ kind: 'lorem', targetTokens: 60 }, '', rng(5)).text).toBe(a);
    expect(generateText({ kind: 'lorem', targetTokens: 60 }, '', rng(6)).text).not.toBe(a);
  });

  it('the max output tokens cut a sized text to exactly that many tokens', () => {
    const g = generateText({ kind: 'random', targetTokens: 200 }, '', rng(), 17);
    expect(g).toMatchObject({ tokens: 17, cut: true });
    expect(countTokens(g.text)).toBe(17);
    expect(generateText({ kind: 'random', targetTokens: 20 }, '', rng(), 20)).toMatchObject({ tokens: 20, cut: false });
  });

  it('the max output tokens cut any other text at a token boundary', () => {
    const g = generateText({ kind: 'fixed', text: 'one two three four five' }, '', rng(), 2);
    expect(g).toEqual({ text: 'one two', tokens: 2, cut: true });
    expect(generateText({ kind: 'sequence' }, '', rng(), 3)).toEqual({ text: '1 2', tokens: 3, cut: true });
  });
});

describe('capTokens', () => {
  it('keeps a short text whole and never splits a character', () => {
    expect(capTokens('hi there', 10)).toEqual({ text: 'hi there', tokens: 2, cut: false });
    const cut = capTokens('日本語の文章です。😀😀😀', 3);
    expect(cut.cut).toBe(true);
    expect(cut.text).not.toMatch(/\uFFFD/);
    expect(countTokens(cut.text)).toBe(cut.tokens);
    expect(cut.tokens).toBeLessThanOrEqual(3);
  });
});
