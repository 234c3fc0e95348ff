/**
 * The filters a template can apply with `|`, as Jinja spells them: `{{ messages | length }}`,
 * `{{ x | default('n/a') }}`, `{{ value | round(2) }}`. Filters are the only way to transform
 * a value; there are no methods (`x.upper()` is refused, write `x | upper`).
 */
import { ValueProblem } from './errors.js';
import { bindArgs, type Callable, type Runtime } from './functions.js';
import { isFalsy, keysOf, Missing, toJson, toText, typeName, type Budget, type Value } from './values.js';

export interface TemplateFilter extends Callable {
  /** Only `default` may receive a missing value; any other filter reports it as undefined. */
  readonly acceptsMissing?: boolean;
  /** A Missing result is relabelled by the evaluator with the filter's own text and position. */
  apply(input: Value | Missing, positional: readonly Value[], named: ReadonlyMap<string, Value>, rt: Runtime): Value | Missing;
}

/** A filter with no arguments, never given a missing value. */
function simple(usage: string, fn: (input: Value, rt: Runtime) => Value | Missing): TemplateFilter {
  return { params: [], maxPositional: 0, usage, apply: (input, _p, _n, rt) => fn(input as Value, rt) };
}

/** A filter with arguments, bound to its params in order. */
function withArgs(name: string, params: string[], usage: string, fn: (input: Value, args: (Value | undefined)[], rt: Runtime) => Value | Missing, aliases?: [string, string][]): TemplateFilter {
  const spec: TemplateFilter = {
    params,
    aliases: aliases && new Map(aliases),
    maxPositional: params.length,
    usage,
    apply: (input, positional, named, rt) => fn(input as Value, bindArgs(`the ${name} filter`, spec, positional, named), rt),
  };
  return spec;
}

/** Strings count characters (code points, as Python does), lists items, objects keys. */
function length(v: Value, budget: Budget): number {
  if (typeof v === 'string') {
    budget.scan(v.length);
    let n = 0;
    for (let i = 0; i < v.length; i++, n++) {
      const c = v.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = v.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++; // a surrogate pair is one character
      }
    }
    return n;
  }
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return keysOf(v, budget).length;
  throw new ValueProblem(`length needs a string, a list or an object, got ${typeName(v)}`);
}

/** Text transformed by `fn`, counted against the render's allowance. */
function textFilter(usage: string, fn: (s: string) => string): TemplateFilter {
  return simple(usage, (v, rt) => {
    const text = toText(v, rt.budget);
    rt.budget.scan(text.length);
    const out = fn(text);
    rt.budget.spend(out.length);
    return out;
  });
}

const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
/** Longer text is not a number anyone meant; not even looked at. */
const MAX_NUMBER_TEXT = 1000;

/** Jinja's `int`: numbers truncate, numeric text parses, anything else gives the default. */
function toInt(v: Value, fallback: Value): Value {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && v.length <= MAX_NUMBER_TEXT && (INT_TEXT.test(v) || FLOAT_TEXT.test(v))) {
    const n = Math.trunc(Number(v));
    if (Number.isFinite(n)) return n;
  }
  return fallback;
}

/** Jinja's `float`; infinities and NaN are not JSON numbers, so they give the default too. */
function toFloat(v: Value, fallback: Value): Value {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.length <= MAX_NUMBER_TEXT && FLOAT_TEXT.test(v)) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  return fallback;
}

/**
 * Jinja's `round(precision=0, method='common')`: 'common' is Python's round (exact halves go
 * to the even neighbour), 'ceil' and 'floor' always round up or down.
 */
function round(v: Value, [p, m]: (Value | undefined)[]): number {
  if (typeof v !== 'number') throw new ValueProblem(`round needs a number, got ${typeName(v)}; convert text with | float first`);
  const precision = p ?? 0;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || Math.abs(precision) > 20) {
    throw new ValueProblem(`round: precision must be a whole number from -20 to 20, got ${String(precision)}`);
  }
  const method = m ?? 'common';
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw new ValueProblem(`round: method must be 'common', 'ceil' or 'floor', got ${typeof method === 'string' ? `'${method}'` : typeName(method)}`);
  }
  if (method === 'common' && precision >= 0) return roundHalfEven(v, precision);
  const scale = 10 ** Math.abs(precision);
  const y = precision >= 0 ? v * scale : v / scale;
  if (!Number.isFinite(y)) return v;
  let r: number;
  if (method === 'ceil') r = Math.ceil(y);
  else if (method === 'floor') r = Math.floor(y);
  else r = Math.abs(y - Math.trunc(y)) === 0.5 ? 2 * Math.round(y / 2) : Math.round(y);
  return precision >= 0 ? r / scale : r * scale;
}

/**
 * Python's `round(v, precision)` from the number's exact decimal digits, so `2.675` (really
 * 2.67499999...) rounds to 2.67 as in ChaosLLM, and only true halves go to the even neighbour.
 */
function roundHalfEven(v: number, precision: number): number {
  const abs = Math.abs(v);
  if (abs >= 1e21) return v; // no fractional digits left at this size
  const digits = abs.toFixed(100); // exact: every digit the double holds, at this size
  const point = digits.indexOf('.');
  const head = precision > 0 ? digits.slice(0, point + 1 + precision) : digits.slice(0, point);
  const tail = digits.slice(point + 1 + precision);
  const lastDigit = head.charCodeAt(head.length - 1) - 48;
  // toFixed rounds to the nearest, an exact half upwards; an exact half with an even last digit stays.
  const r = /^50*$/.test(tail) && lastDigit % 2 === 0 ? Number(head) : Number(abs.toFixed(precision));
  return v < 0 ? -r : r;
}

/**
 * Items of a list, characters of a string, keys of an object (what Python iterates). A string
 * is iterated lazily, so joining a huge one stops at the allowance without copying it first.
 */
function items(name: string, v: Value, budget: Budget): Iterable<unknown> {
  if (Array.isArray(v) || typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') return keysOf(v, budget);
  throw new ValueProblem(`${name} needs a list, a string or an object, got ${typeName(v)}`);
}

function firstOrLast(name: 'first' | 'last'): TemplateFilter {
  return simple(`x | ${name}`, (v, rt) => {
    if (typeof v === 'string') {
      if (v.length === 0) return new Missing(`the ${name} character of an empty string`, -1);
      const cp = name === 'first' ? v.codePointAt(0)! : Array.from(v.slice(-2)).pop()!.codePointAt(0)!;
      return String.fromCodePoint(cp);
    }
    const list = items(name, v, rt.budget) as readonly unknown[]; // strings were handled above
    if (list.length === 0) return new Missing(`the ${name} item of an empty list`, -1);
    return list[name === 'first' ? 0 : list.length - 1] as Value;
  });
}

const DEFAULT: TemplateFilter = {
  params: ['default_value', 'boolean'],
  aliases: new Map([['value', 'default_value']]),
  maxPositional: 2,
  acceptsMissing: true,
  usage: "x | default('fallback') (add true to also replace none, false, 0 and empty values)",
  apply(input, positional, named, rt) {
    const [fallback, boolean] = bindArgs('the default filter', DEFAULT, positional, named);
    if (input instanceof Missing) return fallback ?? '';
    if (boolean !== undefined && boolean !== null && boolean !== false && isFalsy(input, rt.budget)) return fallback ?? '';
    return input;
  },
};

/** The filters by name (a Map: a name like "constructor" must find nothing). */
export const FILTERS: ReadonlyMap<string, TemplateFilter> = new Map<string, TemplateFilter>([
  ['length', simple('x | length', (v, rt) => length(v, rt.budget))],
  ['upper', textFilter('x | upper', (s) => s.toUpperCase())],
  ['lower', textFilter('x | lower', (s) => s.toLowerCase())],
  ['trim', textFilter('x | trim', (s) => s.trim())],
  ['string', simple('x | string', (v, rt) => toText(v, rt.budget))],
  ['tojson', withArgs('tojson', ['indent'], 'x | tojson or x | tojson(indent=2)', (v, [indent], rt) => {
    const n = indent ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 10) throw new ValueProblem(`tojson: indent must be a whole number from 0 to 10, got ${String(n)}`);
    return toJson(v, rt.budget, n);
  })],
  ['int', withArgs('int', ['default'], 'x | int or x | int(default=0)', (v, [d]) => toInt(v, d ?? 0))],
  ['float', withArgs('float', ['default'], 'x | float or x | float(default=0.0)', (v, [d]) => toFloat(v, d ?? 0))],
  ['round', withArgs('round', ['precision', 'method'], "x | round, x | round(2) or x | round(2, 'floor')", (v, args) => round(v, args), [['n', 'precision']])],
  ['default', DEFAULT],
  // Jinja's short name for default.
  ['d', DEFAULT],
  ['join', withArgs('join', ['sep'], "x | join or x | join(', ')", (v, [sep], rt) => {
    const s = sep === undefined ? '' : toText(sep, rt.budget);
    const parts: string[] = [];
    for (const item of items('join', v, rt.budget)) {
      const text = toText(item as Value, rt.budget);
      rt.budget.spend(text.length + s.length);
      parts.push(text);
    }
    return parts.join(s);
  }, [['d', 'sep']])],
  ['first', firstOrLast('first')],
  ['last', firstOrLast('last')],
]);
