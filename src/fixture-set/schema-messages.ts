/**
 * Turning ajv's and the YAML parser's errors into messages that say what is wrong and how to
 * fix it: "did you mean" for unknown keys, quoting hints for numbers where strings belong, one
 * message instead of ajv's several for a file without `fixtures:`.
 */
import type { ErrorObject } from 'ajv';
import type { Locate } from './compile.js';
import { closest } from './did-you-mean.js';
import { FIXTURE_KEYS, PATTERN_SCHEMA, type JsonSchema } from './schema.js';
import type { FixtureProblem } from './types.js';

/**
 * Without a `fixtures:` key, ajv reports "missing fixtures" plus one error per top-level key;
 * say it once instead: either the file is a fixture written at the top level, or the unknown
 * keys (typos like `fixture:`) are the story and "missing" adds nothing. Returns the rest.
 */
export function topLevelErrors(errors: ErrorObject[], data: unknown, locate: Locate, problems: FixtureProblem[]): ErrorObject[] {
  const extra = errors.filter((e) => e.instancePath === '' && e.keyword === 'additionalProperties').map((e) => String(e.params.additionalProperty));
  if (extra.length === 0 || Object.hasOwn(data as object, 'fixtures')) return errors;
  const rest = errors.filter((e) => e.instancePath !== '');
  if (extra.some((k) => FIXTURE_KEYS.includes(k))) {
    problems.push({
      ...locate([extra[0]], 'key'),
      message: 'this looks like a single fixture at the top level; put it under "fixtures:" as a list item: write "fixtures:" on the first line, then "  - " before the first key, and indent the rest to match',
    });
    return rest;
  }
  return errors.filter((e) => !(e.instancePath === '' && e.keyword === 'required'));
}

export function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'a fixture file holds one YAML document; remove the extra "---" or split it into separate files';
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same mapping; keys must be unique, remove or rename one';
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed as indentation in YAML; indent with spaces';
    default:
      return `YAML syntax error: ${message}`;
  }
}

/** `['fixtures', '0', 'sequence', '1', 'error']` -> `sequence[1].error` (relative to its fixture). */
function humanPath(path: string[]): string {
  const rel = path[0] === 'fixtures' && path.length >= 2 ? path.slice(2) : path;
  let out = '';
  for (const seg of rel) out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** What holds the keys at `path`, for "unknown key ... in <owner>". */
function ownerName(path: string[]): string {
  if (path.length === 0) return 'at the top level';
  if (path[0] === 'fixtures' && path.length === 2) return 'in this fixture';
  return `in "${humanPath(path)}"`;
}

function typeName(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan, not a number' : !Number.isFinite(v) ? `${v < 0 ? '-' : ''}.inf, infinity` : Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'true/false';
  return `a ${typeof v}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'empty',
};

/** Turn one ajv error into a message that says what is wrong and how to fix it. */
export function ajvMessage(e: ErrorObject, path: string[]): string {
  const name = humanPath(path) || 'the file';
  const parent = (e.parentSchema ?? {}) as JsonSchema;
  const allowedKeys = Object.keys(parent.properties ?? {});
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      if (path.length === 0) {
        if (FIXTURE_KEYS.includes(key)) return `"${key}" is a fixture key but sits at the top level; indent it under a fixture in the "fixtures:" list`;
        const guess = closest(key, ['fixtures']);
        return `unknown top-level key "${key}"${guess ? '; did you mean "fixtures"?' : ''} A fixture file holds only "fixtures:" (a list of fixtures)`;
      }
      const guess = closest(key, allowedKeys);
      return `unknown key "${key}" ${ownerName(path)}${guess ? `; did you mean "${guess}"?` : ''} Allowed keys: ${allowedKeys.join(', ')}`;
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (path.length === 0) return 'missing "fixtures:"; a fixture file is a mapping with a "fixtures:" list';
      return `"${name}" is missing the required key "${missing}"`;
    }
    case 'type': {
      const expected = ([] as string[]).concat(params.type as string | string[]);
      const got = typeName(e.data);
      // YAML's .nan / .inf parse as numbers that JSON Schema (rightly) refuses.
      if (typeof e.data === 'number' && !Number.isFinite(e.data)) {
        const bound = path[path.length - 2] === 'temperature' ? `; to leave the range open on this side, remove "${path[path.length - 1]}"` : '';
        return `"${name}" is ${got}; it must be a finite number${bound}`;
      }
      if (parent === PATTERN_SCHEMA) {
        const quote = typeof e.data === 'number' || typeof e.data === 'boolean' ? `; quote it: "${String(e.data)}"` : '';
        return `"${name}" must be a pattern: a string, or a mapping with one of regex, equals, contains (got ${got})${quote}`;
      }
      let hint = '';
      if (expected.includes('string') && (typeof e.data === 'number' || typeof e.data === 'boolean')) hint = `; quote it: "${String(e.data)}"`;
      else if ((expected.includes('integer') || expected.includes('number')) && typeof e.data === 'string' && e.data.trim() !== '' && !Number.isNaN(Number(e.data))) hint = `; remove the quotes: ${e.data.trim()}`;
      else if (expected.includes('array') && !Array.isArray(e.data) && e.data !== null && typeof e.data === 'object') hint = '; start each item with "- "';
      else if (path[path.length - 1] === 'response' && typeof e.data === 'string') hint = '; write response: {content: "..."}';
      else if (e.data === null) hint = '; give it a value or remove the key';
      return `"${name}" must be ${expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ')} (got ${got})${hint}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'greater than', '<': 'less than' };
      let range = `${words[String(params.comparison)]} ${String(params.limit)}`;
      const schema = parent as { minimum?: number; maximum?: number };
      if (schema.minimum !== undefined && schema.maximum !== undefined) range = `between ${schema.minimum} and ${schema.maximum}`;
      return `"${name}" must be ${range} (got ${JSON.stringify(e.data)})`;
    }
    case 'minLength':
      return `"${name}" must not be empty`;
    case 'minItems':
      return `"${name}" must not be an empty list`;
    case 'minProperties':
      if (parent === PATTERN_SCHEMA) return `"${name}" is an empty pattern mapping; give it one of regex, equals, contains`;
      return `"${name}" must not be empty; give it one of: ${allowedKeys.join(', ')}`;
    case 'enum':
      return `"${name}" must be one of ${(params.allowedValues as unknown[]).join(', ')} (got ${JSON.stringify(e.data)})`;
    default:
      return `"${name}" ${e.message ?? 'is invalid'}`;
  }
}
