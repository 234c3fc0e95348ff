/**
 * What a generated answer is: LLMSim's generators, named the same way on the command line
 * (`--generate lorem`, `--generate fixed:Hello`) and in fixtures (`response: {generate: lorem}`
 * or `response: {generate: {kind: lorem, target_tokens: 200}}`):
 * - `lorem`: lorem-ipsum sentences;
 * - `random`: random English words;
 * - `sequence`: `1 2 3 ... N`;
 * - `echo`: `Echo: ` + the user's last message (load chaos' echo mode);
 * - `fixed:<text>`: exactly that text (its case kept, where LLMSim lower-cased it).
 * `target_tokens` sets the length of `lorem`, `random` and `sequence` in real tokenizer tokens.
 */

export type GeneratorKind = 'lorem' | 'random' | 'sequence' | 'echo' | 'fixed';
export const GENERATOR_KINDS: readonly GeneratorKind[] = ['lorem', 'random', 'sequence', 'echo', 'fixed'];
/** The kinds whose length `target_tokens` sets (echo and fixed are as long as their text). */
export const SIZED_KINDS: readonly GeneratorKind[] = ['lorem', 'random', 'sequence'];

/** Longest answer a generator makes: generated in one piece on the request path, so bounded. */
export const MAX_TARGET_TOKENS = 32_768;

export interface GeneratorSpec {
  kind: GeneratorKind;
  /** `fixed` only: the text, as written. */
  text?: string;
  /** Length in tokens (lorem, random, sequence); absent = the kind's default length. */
  targetTokens?: number;
}

export class GeneratorSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorSpecError';
  }
}

const USAGE = 'use lorem, random, sequence, echo or fixed:<text> (e.g. fixed:Hello)';

/**
 * A generator name as written (`lorem`, `fixed:Hello world`) -> its kind, and its text for
 * `fixed`. Kind names are case-insensitive; a fixed text is kept exactly.
 * @example parseGeneratorKind('fixed:Hello') // { kind: 'fixed', text: 'Hello' }
 */
export function parseGeneratorKind(raw: string): GeneratorSpec {
  const colon = raw.indexOf(':');
  const name = (colon < 0 ? raw : raw.slice(0, colon)).trim().toLowerCase();
  if (name === 'fixed') {
    if (colon < 0) throw new GeneratorSpecError(`fixed needs its text after a colon, e.g. fixed:Hello (${USAGE})`);
    const text = raw.slice(colon + 1);
    if (text.length === 0) throw new GeneratorSpecError('fixed: needs a text after the colon, e.g. fixed:Hello');
    return { kind: 'fixed', text };
  }
  if (colon >= 0 || !(GENERATOR_KINDS as readonly string[]).includes(name)) {
    throw new GeneratorSpecError(`unknown generator "${raw.slice(0, 40)}": ${USAGE}`);
  }
  return { kind: name as GeneratorKind };
}

/**
 * The whole spec, or why not: `target_tokens` must be a whole number in [1, MAX_TARGET_TOKENS]
 * and only sizes the kinds that have a length of their own choosing.
 * @example generatorSpec('lorem', 200) // { kind: 'lorem', targetTokens: 200 }
 */
export function generatorSpec(kind: string, targetTokens?: number): GeneratorSpec {
  const spec = parseGeneratorKind(kind);
  if (targetTokens === undefined) return spec;
  if (!Number.isInteger(targetTokens) || targetTokens < 1 || targetTokens > MAX_TARGET_TOKENS) {
    throw new GeneratorSpecError(`target_tokens must be a whole number from 1 to ${MAX_TARGET_TOKENS}, got ${targetTokens}`);
  }
  if (!SIZED_KINDS.includes(spec.kind)) {
    throw new GeneratorSpecError(`target_tokens sizes lorem, random and sequence; ${spec.kind} answers are as long as their text, so remove target_tokens`);
  }
  return { ...spec, targetTokens };
}
