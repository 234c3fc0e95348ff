/**
 * A generator's text for one request, cut to the request's max output tokens: LLMSim's
 * generators, seeded (the caller passes the request's `generator` stream). Load chaos' response
 * modes and these generators share their word and echo code (`random-words.ts`).
 */
import type { Rng } from '../random/rng.js';
import type { GeneratorSpec } from './generator-spec.js';
import { echoText, randomWords } from './random-words.js';
import { numberSequence, proseOfTokens, sequenceOfTokens } from './token-exact-text.js';
import { capTokens, countTokens } from './tokens.js';

/** Without `target_tokens`: ChaosLLM's random-mode length (10 to 100 words), and `1 ... 10`. */
const DEFAULT_WORDS = { min_words: 10, max_words: 100 } as const;
const DEFAULT_SEQUENCE = 10;

export interface GeneratedText {
  text: string;
  /** Its length in tokens (what the usage reports). */
  tokens: number;
  /** The request's max output tokens cut it short (the finish reason is `length`). */
  cut: boolean;
}

/**
 * @example generateText({ kind: 'sequence', targetTokens: 5 }, 'hi', rng) // { text: '1 2 3', tokens: 5, cut: false }
 * @example generateText({ kind: 'fixed', text: 'Hello World' }, 'hi', rng, 1) // { text: 'Hello', tokens: 1, cut: true }
 */
export function generateText(spec: GeneratorSpec, userMessage: string, rng: Rng, maxTokens?: number): GeneratedText {
  const target = spec.targetTokens;
  if (target !== undefined) {
    // Sized to the token: make only what the cap lets through.
    const n = maxTokens !== undefined && maxTokens < target ? maxTokens : target;
    const cut = n < target;
    switch (spec.kind) {
      case 'lorem':
      case 'random':
        return { text: proseOfTokens(rng, spec.kind === 'lorem' ? 'lorem' : 'english', n), tokens: n, cut };
      case 'sequence':
        return { ...sequenceOfTokens(n), cut };
      default:
        // generatorSpec() refuses target_tokens for echo and fixed.
        break;
    }
  }
  const text = untargeted(spec, userMessage, rng);
  return maxTokens !== undefined ? capTokens(text, maxTokens) : { text, tokens: countTokens(text), cut: false };
}

function untargeted(spec: GeneratorSpec, userMessage: string, rng: Rng): string {
  switch (spec.kind) {
    case 'lorem':
      return randomWords(rng, { ...DEFAULT_WORDS, vocabulary: 'lorem' });
    case 'random':
      return randomWords(rng, { ...DEFAULT_WORDS, vocabulary: 'english' });
    case 'sequence':
      return numberSequence(DEFAULT_SEQUENCE);
    case 'echo':
      return echoText(userMessage);
    case 'fixed':
      return spec.text ?? '';
  }
}
