/** Generated answers: random words (bounds, capitalisation, period, vocabulary) and echo. */
import { describe, expect, it } from '@jest/globals';
import { ECHO_MAX_CHARS, VOCABULARIES, echoText, randomWords } from '../../../src/generate/random-words.js';
import { ENGLISH_WORDS } from '../../../src/generate/vocabulary/english.js';
import { LOREM_WORDS } from '../../../src/generate/vocabulary/lorem.js';
import { createRng, deriveSeed } from '../../../src/random/rng.js';

const rngFor = (i: number) => createRng(deriveSeed(2112, 'generate', i));
const words = (text: string) => text.slice(0, -1).split(' ');

describe('vocabularies', () => {
  it('english holds a few hundred distinct lowercase words', () => {
    expect(ENGLISH_WORDS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(ENGLISH_WORDS).size).toBe(ENGLISH_WORDS.length);
    for (const w of ENGLISH_WORDS) expect(w).toMatch(/^[a-z]+$/);
  });

  it('lorem holds the lorem ipsum words', () => {
    expect(LOREM_WORDS.slice(0, 5)).toEqual(['lorem', 'ipsum', 'dolor', 'sit', 'amet']);
    expect(new Set(LOREM_WORDS).size).toBe(LOREM_WORDS.length);
    for (const w of LOREM_WORDS) expect(w).toMatch(/^[a-z]+$/);
  });

  it('are looked up by the config names', () => {
    expect(VOCABULARIES.english).toBe(ENGLISH_WORDS);
    expect(VOCABULARIES.lorem).toBe(LOREM_WORDS);
  });
});

describe('randomWords', () => {
  it.each(['english', 'lorem'] as const)('%s: word count within [min, max], both ends reached', (vocabulary) => {
    const counts = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = words(randomWords(rngFor(i), { min_words: 10, max_words: 20, vocabulary })).length;
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThanOrEqual(20);
      counts.add(n);
    }
    expect(counts.size).toBe(11);
  });

  it.each(['english', 'lorem'] as const)('%s: first word capitalised, a trailing period, every word from the vocabulary', (vocabulary) => {
    const vocab = new Set(VOCABULARIES[vocabulary]);
    for (let i = 0; i < 500; i++) {
      const text = randomWords(rngFor(i), { min_words: 1, max_words: 30, vocabulary });
      expect(text).toMatch(/^[A-Z][a-z]*( [a-z]+)*\.$/);
      const ws = words(text);
      expect(vocab.has(ws[0].toLowerCase())).toBe(true);
      for (const w of ws.slice(1)) expect(vocab.has(w)).toBe(true);
    }
  });

  it('draws with replacement (repeats occur) and uses much of the vocabulary', () => {
    const text = randomWords(rngFor(1), { min_words: 200, max_words: 200, vocabulary: 'lorem' });
    const ws = words(text.toLowerCase());
    expect(ws).toHaveLength(200);
    expect(new Set(ws).size).toBeLessThan(200);
    expect(new Set(ws).size).toBeGreaterThan(40);
  });

  it('min = max gives exactly that many words', () => {
    expect(words(randomWords(rngFor(2), { min_words: 7, max_words: 7, vocabulary: 'english' }))).toHaveLength(7);
  });

  it('a single word is capitalised and ends with a period', () => {
    expect(randomWords(rngFor(3), { min_words: 1, max_words: 1, vocabulary: 'lorem' })).toMatch(/^[A-Z][a-z]*\.$/);
  });

  it('never produces an empty answer, even for min_words 0', () => {
    for (let i = 0; i < 50; i++) expect(words(randomWords(rngFor(i), { min_words: 0, max_words: 0, vocabulary: 'english' }))).toHaveLength(1);
  });

  it('is fixed by the seed', () => {
    const opts = { min_words: 5, max_words: 50, vocabulary: 'english' as const };
    expect(randomWords(rngFor(9), opts)).toBe(randomWords(rngFor(9), opts));
    const many = new Set(Array.from({ length: 20 }, (_, i) => randomWords(rngFor(i), opts)));
    expect(many.size).toBe(20);
  });

  it('rejects an unknown vocabulary', () => {
    expect(() => randomWords(rngFor(0), { min_words: 1, max_words: 2, vocabulary: 'klingon' as 'english' })).toThrow(/vocabulary/);
  });
});

describe('echoText', () => {
  it('prefixes Echo: ', () => {
    expect(echoText('Hi there')).toBe('Echo: Hi there');
    expect(echoText('')).toBe('Echo: ');
  });

  it('keeps a message of exactly 200 characters whole', () => {
    const m = 'x'.repeat(ECHO_MAX_CHARS);
    expect(ECHO_MAX_CHARS).toBe(200);
    expect(echoText(m)).toBe(`Echo: ${m}`);
  });

  it('cuts a longer message at 200 characters and appends ...', () => {
    const m = 'a'.repeat(150) + 'b'.repeat(50) + 'c'.repeat(100);
    expect(echoText(m)).toBe(`Echo: ${'a'.repeat(150)}${'b'.repeat(50)}...`);
    expect(echoText('y'.repeat(201))).toBe(`Echo: ${'y'.repeat(200)}...`);
  });

  it('counts characters, not UTF-16 units: an emoji is one and is never split', () => {
    const emoji = '😀'.repeat(150); // 300 UTF-16 units, 150 characters
    expect(echoText(emoji)).toBe(`Echo: ${emoji}`);
    const long = '😀'.repeat(250);
    expect(echoText(long)).toBe(`Echo: ${'😀'.repeat(200)}...`);
    const mixed = 'a'.repeat(199) + '😀' + 'tail';
    expect(echoText(mixed)).toBe(`Echo: ${'a'.repeat(199)}😀...`);
  });
});
