/**
 * The fixture file's JSON Schema, loaded once: the same file editors use through
 * `# yaml-language-server: $schema=...`, compiled by ajv on first use (not at import: that
 * takes long enough to slow `llmposter --help`), so validating a file only runs the generated
 * function.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';

export type JsonSchema = { properties?: Record<string, unknown>; definitions?: Record<string, JsonSchema> } & Record<string, unknown>;

/** The published schema (also what editors use through `# yaml-language-server: $schema=`). */
export const FIXTURE_SCHEMA_URL = new URL('../../schemas/fixture.schema.json', import.meta.url);
export const fixtureSchema: JsonSchema = JSON.parse(readFileSync(FIXTURE_SCHEMA_URL, 'utf8'));

// ajv is CommonJS: under Node ESM the default import is module.exports, whose `.default` is the class.
const Ajv = AjvModule.default;
let compiled: ValidateFunction | undefined;

/** The compiled fixture-file validator (compiled once, on the first call). */
export function fixtureValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(fixtureSchema);
  return compiled;
}

export const FIXTURE_KEYS = Object.keys(fixtureSchema.definitions?.fixture?.properties ?? {});
export const PATTERN_SCHEMA = fixtureSchema.definitions?.pattern;

