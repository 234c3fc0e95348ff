/**
 * The values a template computes with: JSON data only (null, booleans, numbers, strings,
 * lists, plain objects), plus `Missing` for a value that is not there. There are no functions,
 * classes or host objects among them, which is what keeps a template from reaching code.
 *
 * Templates usually produce JSON bodies, so lists, objects, booleans and null render as JSON
 * (`true`, `null`, `["a","b"]`) rather than Jinja's Python spelling (`True`, `None`).
 */
import { isPlainObject } from '../../util/own-property.js';
import { ValueProblem } from './errors.js';

export type Value = null | boolean | number | string | unknown[] | Record<string, unknown>;

/**
 * A value that is not there (a missing key, an index past the end). ChaosLLM rendered with
 * Jinja's StrictUndefined, so using one is an error, `{{ x | default('...') }}` excepted.
 * `label` is the template text that produced it, for the message.
 */
export class Missing {
  /** `at` is the 0-based position of the expression in the template. */
  constructor(
    readonly label: string,
    readonly at: number,
  ) {}
}

/** What a template may hold of `raw` data: JSON-shaped values pass, anything else is missing. */
export function asValue(raw: unknown, label: string, at: number): Value | Missing {
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw;
  if (Array.isArray(raw) || isPlainObject(raw)) return raw;
  return new Missing(label, at);
}

/** Python's truthiness, for `default(x, true)`: none, false, 0, '' and empty containers. */
export function isFalsy(v: Value, budget: Budget): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return keysOf(v, budget).length === 0;
  return false;
}

/** An object's own keys, counted as data read. */
export function keysOf(v: Record<string, unknown>, budget: Budget): string[] {
  const keys = Object.keys(v);
  budget.scan(keys.length);
  return keys;
}

/** A short type name for messages ("random_int needs a number, got a string"). */
export function typeName(v: unknown): string {
  if (v === null) return 'none';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/**
 * Per-render allowances, so no template, however small, can make the server do work out of
 * proportion to its output:
 * - `spend`: characters built along the way (function results, joins, JSON); a list of 1,000
 *   references to a large request body, joined, stops here instead of eating memory;
 * - `scan`: characters of request data read whole (`| length` or `| upper` of a long
 *   message), so repeating such a filter on a large body stops after a few passes.
 */
export class Budget {
  private built = 0;
  private scanned = 0;
  constructor(
    readonly buildLimit: number,
    readonly scanLimit: number,
  ) {}

  spend(chars: number): void {
    this.built += chars;
    if (this.built > this.buildLimit) {
      throw new ValueProblem(`the template built more than ${this.buildLimit} characters of text; make it produce less`);
    }
  }

  scan(chars: number): void {
    this.scanned += chars;
    if (this.scanned > this.scanLimit) {
      throw new ValueProblem(`the template read more than ${this.scanLimit} characters of request data; read less of it`);
    }
  }
}

/** Deeper data than this is refused when written as JSON (a request body can nest deeply). */
const MAX_JSON_DEPTH = 256;

/**
 * `JSON.stringify`, written piece by piece against the budget so it stops early on huge
 * output. Same text as `JSON.stringify(value, null, indent)` for JSON data.
 */
export function toJson(value: Value, budget: Budget, indent = 0): string {
  const out: string[] = [];
  const pad = ' '.repeat(indent);
  const put = (s: string) => {
    budget.spend(s.length);
    out.push(s);
  };
  const write = (v: unknown, depth: number): void => {
    if (depth > MAX_JSON_DEPTH) throw new ValueProblem(`data nested more than ${MAX_JSON_DEPTH} levels deep cannot be written as JSON`);
    if (v === null || typeof v === 'boolean') return put(String(v));
    if (typeof v === 'number') return put(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'string') {
      budget.spend(v.length); // before JSON.stringify copies it
      out.push(JSON.stringify(v));
      return;
    }
    const nl = indent > 0 ? '\n' + pad.repeat(depth + 1) : '';
    const close = indent > 0 ? '\n' + pad.repeat(depth) : '';
    if (Array.isArray(v)) {
      if (v.length === 0) return put('[]');
      put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) put(',');
        put(nl);
        const item = v[i];
        // As JSON.stringify: a non-JSON item (undefined, a function) is written as null.
        write(Array.isArray(item) || isPlainObject(item) || isPrimitive(item) ? item : null, depth + 1);
      }
      put(close + ']');
      return;
    }
    if (!isPlainObject(v)) return put('null');
    let first = true;
    put('{');
    for (const key of keysOf(v, budget)) {
      const item = v[key];
      if (!(Array.isArray(item) || isPlainObject(item) || isPrimitive(item))) continue; // as JSON.stringify
      if (!first) put(',');
      first = false;
      put(nl);
      write(key, depth + 1);
      put(indent > 0 ? ': ' : ':');
      write(item, depth + 1);
    }
    put(first ? '}' : close + '}');
  };
  write(value, 0);
  return out.join('');
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * How a value prints: a string as-is, a number as JavaScript prints it, booleans and null as
 * JSON (`true`, `null`), lists and objects as JSON.
 */
export function toText(v: Value, budget: Budget): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  return toJson(v, budget);
}
