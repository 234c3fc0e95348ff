/**
 * The helper functions a template can call, by name only: ChaosLLM's `random_choice`,
 * `random_int`, `random_float`, `random_words` and `timestamp`. All randomness comes from the
 * render's Rng (the same Rng state renders the same text) and the time from its injected clock.
 *
 * Where ChaosLLM's documentation and its code disagreed, we do what the documentation
 * promised and accept what the code accepted:
 * - `random_choice(['a', 'b'])` picks one element (ChaosLLM's code returned the whole list);
 *   `random_choice('a', 'b')` picks one argument.
 * - `random_words(5, 15)` is a count from 5 to 15 (the docs) and `random_words(5, 'lorem')`
 *   is 5 lorem words (the code); `random_words(5)` is exactly 5 words.
 */
import type { Rng } from '../../random/rng.js';
import { VOCABULARIES, type VocabularyName } from '../random-words.js';
import { ValueProblem } from './errors.js';
import { typeName, type Budget, type Value } from './values.js';

/** What a function may use while a template renders. */
export interface Runtime {
  rng: Rng;
  nowMs: number;
  budget: Budget;
}

export interface Callable {
  /** Keyword names, in positional order. */
  readonly params: readonly string[];
  /** Other keyword spellings accepted (ChaosLLM's Python parameter names), to their param. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** How many positional arguments it takes at most. */
  readonly maxPositional: number;
  /** How to call it, for error messages. */
  readonly usage: string;
}

export interface TemplateFunction extends Callable {
  /** Validate the arguments without drawing randomness: run at compile time when they are all literals. */
  check(positional: readonly Value[], named: ReadonlyMap<string, Value>): void;
  call(positional: readonly Value[], named: ReadonlyMap<string, Value>, rt: Runtime): unknown;
}

/** ChaosLLM's `max_words` ceiling; also keeps one call from building a huge string. */
export const RANDOM_WORDS_MAX_COUNT = 10_000;

/**
 * Positional then keyword arguments, as values per param (undefined when not given).
 * Shared with the filters.
 */
export function bindArgs(what: string, c: Callable, positional: readonly Value[], named: ReadonlyMap<string, Value>): (Value | undefined)[] {
  if (positional.length > c.maxPositional) throw new ValueProblem(`${what} takes at most ${c.maxPositional} argument(s): ${c.usage}`);
  const out: (Value | undefined)[] = c.params.map((_, i) => positional[i]);
  for (const [name, v] of named) {
    const i = c.params.indexOf(name);
    if (out[i] !== undefined) throw new ValueProblem(`${what} got ${name} twice: ${c.usage}`);
    out[i] = v;
  }
  return out;
}

function num(what: string, param: string, v: Value | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new ValueProblem(`${what}: ${param} must be a number, got ${typeName(v)}`);
  return v;
}

function wholeNumber(what: string, param: string, v: Value | undefined, fallback: number, min: number, max: number): number {
  const n = num(what, param, v, fallback);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValueProblem(`${what}: ${param} must be a whole number from ${min} to ${max}, got ${n}`);
  return n;
}

// --- random_choice -------------------------------------------------------------------------

function choices(positional: readonly Value[]): readonly unknown[] {
  if (positional.length === 0) throw new ValueProblem(`random_choice needs a list or at least one value: ${RANDOM_CHOICE.usage}`);
  if (positional.length === 1 && Array.isArray(positional[0])) {
    if (positional[0].length === 0) throw new ValueProblem('random_choice got an empty list');
    return positional[0];
  }
  return positional;
}

const RANDOM_CHOICE: TemplateFunction = {
  params: [],
  maxPositional: Number.POSITIVE_INFINITY,
  usage: "random_choice(['a', 'b', 'c']) or random_choice('a', 'b', 'c')",
  check: (positional) => void choices(positional),
  call: (positional, _named, rt) => rt.rng.pick(choices(positional)),
};

// --- random_int / random_float -------------------------------------------------------------

const MIN_MAX_ALIASES: ReadonlyMap<string, string> = new Map([
  ['min_val', 'min'],
  ['max_val', 'max'],
]);

function intRange(positional: readonly Value[], named: ReadonlyMap<string, Value>): [number, number] {
  const [a, b] = bindArgs('random_int', RANDOM_INT, positional, named);
  const lo = wholeNumber('random_int', 'min', a, 0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const hi = wholeNumber('random_int', 'max', b, 100, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (lo > hi) throw new ValueProblem(`random_int: min ${lo} is greater than max ${hi}`);
  return [lo, hi];
}

const RANDOM_INT: TemplateFunction = {
  params: ['min', 'max'],
  aliases: MIN_MAX_ALIASES,
  maxPositional: 2,
  usage: 'random_int(min=0, max=100), both ends included',
  check: (positional, named) => void intRange(positional, named),
  call: (positional, named, rt) => rt.rng.int(...intRange(positional, named)),
};

function floatRange(positional: readonly Value[], named: ReadonlyMap<string, Value>): [number, number] {
  const [a, b] = bindArgs('random_float', RANDOM_FLOAT, positional, named);
  const lo = num('random_float', 'min', a, 0);
  const hi = num('random_float', 'max', b, 1);
  if (!Number.isFinite(hi - lo)) throw new ValueProblem(`random_float: the range ${lo} to ${hi} is too wide`);
  return [lo, hi];
}

const RANDOM_FLOAT: TemplateFunction = {
  params: ['min', 'max'],
  aliases: MIN_MAX_ALIASES,
  maxPositional: 2,
  usage: 'random_float(min=0.0, max=1.0)',
  check: (positional, named) => void floatRange(positional, named),
  // As Python's random.uniform(a, b): a + (b - a) * random(); either order works.
  call: (positional, named, rt) => {
    const [lo, hi] = floatRange(positional, named);
    return lo + (hi - lo) * rt.rng.float();
  },
};

// --- random_words --------------------------------------------------------------------------

interface WordsPlan {
  min: number;
  max: number;
  vocabulary: VocabularyName;
}

function wordsPlan(positional: readonly Value[], named: ReadonlyMap<string, Value>): WordsPlan {
  const what = 'random_words';
  // Numbers fill min then max, a string is the vocabulary, in whichever order they come.
  const counts: Value[] = [];
  let vocab: Value | undefined;
  for (const v of positional) {
    if (typeof v === 'number') {
      if (counts.length === 2) throw new ValueProblem(`${what} takes at most two numbers: ${RANDOM_WORDS.usage}`);
      counts.push(v);
    } else if (typeof v === 'string') {
      if (vocab !== undefined) throw new ValueProblem(`${what} takes one vocabulary: ${RANDOM_WORDS.usage}`);
      vocab = v;
    } else {
      throw new ValueProblem(`${what} takes numbers and a vocabulary name, got ${typeName(v)}: ${RANDOM_WORDS.usage}`);
    }
  }
  let [a, b] = counts as (Value | undefined)[];
  for (const [name, v] of named) {
    const given = name === 'min' ? a : name === 'max' ? b : vocab;
    if (given !== undefined) throw new ValueProblem(`${what} got ${name} twice: ${RANDOM_WORDS.usage}`);
    if (name === 'min') a = v;
    else if (name === 'max') b = v;
    else vocab = v;
  }
  const min = wholeNumber(what, 'min', a, 5, 0, RANDOM_WORDS_MAX_COUNT);
  const max = b === undefined ? min : wholeNumber(what, 'max', b, min, 0, RANDOM_WORDS_MAX_COUNT);
  if (min > max) throw new ValueProblem(`${what}: min ${min} is greater than max ${max}`);
  const vocabulary = vocab ?? 'english';
  if (typeof vocabulary !== 'string' || !Object.hasOwn(VOCABULARIES, vocabulary)) {
    throw new ValueProblem(`${what}: vocabulary must be 'english' or 'lorem', got ${typeof vocabulary === 'string' ? `'${vocabulary}'` : typeName(vocabulary)}`);
  }
  return { min, max, vocabulary: vocabulary as VocabularyName };
}

/** Lowercase words separated by single spaces (ChaosLLM's helper: no capital, no period). */
function words(plan: WordsPlan, rt: Runtime): string {
  const list = VOCABULARIES[plan.vocabulary];
  const n = plan.min === plan.max ? plan.min : rt.rng.int(plan.min, plan.max);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    out[i] = rt.rng.pick(list);
    rt.budget.spend(out[i].length + 1);
  }
  return out.join(' ');
}

const RANDOM_WORDS: TemplateFunction = {
  params: ['min', 'max', 'vocabulary'],
  aliases: new Map([
    ['count', 'min'],
    ['min_count', 'min'],
    ['max_count', 'max'],
  ]),
  maxPositional: 3,
  usage: "random_words(count), random_words(min, max) or random_words(count, 'lorem'); vocabulary 'english' (default) or 'lorem'",
  check: (positional, named) => void wordsPlan(positional, named),
  call: (positional, named, rt) => words(wordsPlan(positional, named), rt),
};

// --- timestamp -----------------------------------------------------------------------------

const TIMESTAMP: TemplateFunction = {
  params: [],
  maxPositional: 0,
  usage: 'timestamp()',
  check: () => {},
  /** Whole Unix seconds, from the server's clock (a fake clock in tests). */
  call: (_positional, _named, rt) => Math.floor(rt.nowMs / 1000),
};

/** The functions by name (a Map: a name like "constructor" must find nothing). */
export const FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map([
  ['random_choice', RANDOM_CHOICE],
  ['random_int', RANDOM_INT],
  ['random_float', RANDOM_FLOAT],
  ['random_words', RANDOM_WORDS],
  ['timestamp', TIMESTAMP],
]);
