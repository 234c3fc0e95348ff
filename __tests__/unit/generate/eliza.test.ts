import { describe, it, expect } from '@jest/globals';
import { createRng, type Rng } from '../../../src/random/rng.js';
import { ELIZA_FALLBACKS, ELIZA_OPENER, ELIZA_RULES, elizaReply, reflect } from '../../../src/generate/eliza.js';
import { jobElizaReply } from '../../../src/jobs/modes.js';
import { lastUserText } from '../../../src/jobs/chat-text.js';

/** An rng that always picks the i-th item, to pin templates in tests. */
const pickAt = (i: number): Rng => ({ ...createRng(1), pick: <T>(items: readonly T[]) => items[i % items.length] });

describe('ELIZA keyword rules', () => {
  it.each([
    ['I need a holiday.', 'Why do you need a holiday?'],
    ['i am tired of my job', 'How long have you been tired of your job?'],
    ["I'm sure of your plan", 'How long have you been sure of my plan?'],
    ['I feel lost without my notes!', 'Do you often feel lost without your notes?'],
    ['It failed because the disk was full', 'Is that the real reason?'],
    ['Why is the sky blue?', 'Why do you ask?'],
    ['Hello there', 'Hello. How are you feeling today?'],
    ['hey', 'Hello. How are you feeling today?'],
    ['My mother called', 'Tell me more about your mother.'],
    ['my FATHER is strict', 'Tell me more about your father.'],
    ['It always breaks on Mondays', 'Can you think of a specific example?'],
    ['The build is green', ELIZA_FALLBACKS[0]],
  ])('%j -> %j (first template)', (input, reply) => {
    expect(elizaReply(input, pickAt(0))).toBe(reply);
  });

  it('is case-insensitive', () => {
    expect(elizaReply('I NEED COFFEE', pickAt(0))).toBe('Why do you need COFFEE?');
    expect(elizaReply('WHY', pickAt(1))).toBe('What do you think?');
  });

  it('matches keywords as words, not inside other words', () => {
    // dummyLLM fired "hi" on "this" and "why" on "whyever".
    expect(elizaReply('this thing works', pickAt(0))).toBe(ELIZA_FALLBACKS[0]);
    expect(elizaReply('somewhy nothing', pickAt(0))).toBe(ELIZA_FALLBACKS[0]);
    expect(elizaReply('stepmother', pickAt(0))).toBe(ELIZA_FALLBACKS[0]);
  });

  it('takes the first rule in priority order when several match', () => {
    expect(elizaReply('hello, I need help because why not', pickAt(0))).toBe('Why do you need help because why not?');
  });

  it('uses "that" when nothing follows the keyword', () => {
    expect(elizaReply('I need', pickAt(0))).toBe('Why do you need that?');
  });

  it('stops the reflected clause at the end of its sentence', () => {
    expect(elizaReply('I feel sad. It is raining.', pickAt(2))).toBe('What makes you feel sad?');
  });

  it('answers an empty message with the opener', () => {
    expect(elizaReply('   ', pickAt(0))).toBe(ELIZA_OPENER);
  });

  it('handles curly apostrophes', () => {
    expect(elizaReply('I’m fine', pickAt(0))).toBe('How long have you been fine?');
  });

  it('picks templates with the rng: every template is reachable, the same rng seed repeats', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 64; s++) seen.add(elizaReply('I need sleep', createRng(s)));
    expect(seen.size).toBe(ELIZA_RULES[0].templates.length);
    expect(elizaReply('I need sleep', createRng(5))).toBe(elizaReply('I need sleep', createRng(5)));
  });
});

describe('ELIZA pronoun reflection', () => {
  it.each([
    ['my', 'your'],
    ['I', 'you'],
    ['me', 'you'],
    ['am', 'are'],
    ['your', 'my'],
    ['you', 'I'],
    ['yours', 'mine'],
    ['mine', 'yours'],
    ['myself', 'yourself'],
    ["I'm", "you're"],
    ["you're", "I'm"],
  ])('%s -> %s', (from, to) => {
    expect(reflect(from)).toBe(to);
  });

  it('reflects in one pass (no swapping back) and keeps other words and punctuation', () => {
    expect(reflect('you are mean to my cat, and I am sad')).toBe('I am mean to your cat, and you are sad');
    expect(reflect('are you sure')).toBe('am I sure');
    expect(reflect('Mississippi, Iowa and Maine')).toBe('Mississippi, Iowa and Maine');
  });
});

describe('ELIZA in jobs: input + seed decide the reply', () => {
  it('same input and seed give the same reply; the seed changes the choice', () => {
    const input = 'I am not sure about this';
    expect(jobElizaReply(1337, input)).toBe(jobElizaReply(1337, input));
    const variants = new Set(Array.from({ length: 32 }, (_, seed) => jobElizaReply(seed, input)));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('reads the last user message, string or text parts', () => {
    expect(lastUserText({ messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: 'last' }] })).toBe('last');
    expect(lastUserText({ messages: [{ role: 'user', content: [{ type: 'text', text: 'I need' }, { type: 'image_url', image_url: {} }, { type: 'text', text: 'tea' }] }] })).toBe('I need\ntea');
    expect(lastUserText({ messages: [{ role: 'system', content: 'sys' }] })).toBe('');
    expect(lastUserText({ messages: 'junk' })).toBe('');
    expect(lastUserText({})).toBe('');
  });
});
