/**
 * The fixture file's JSON Schema, loaded once: the same file editors use through
 * `# yaml-language-server: $schema=...`. The built package carries it pre-compiled
 * (dist/fixture-set/fixture-validator.cjs, written by `npm run build`): compiling it with ajv
 * takes most of `llmposter validate`'s start-up. Without that file (running from src/, as the
 * tests do) it is compiled on first use, never at import, so `llmposter --help` stays quick.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { loadAjv } from '../util/lazy-ajv.js';
import { FIXTURE_AJV_OPTIONS } from './ajv-options.js';

export type JsonSchema = { properties?: Record<string, unknown>; definitions?: Record<string, JsonSchema> } & Record<string, unknown>;

/** The published schema (also what editors use through `# yaml-language-server: $schema=`). */
export const FIXTURE_SCHEMA_URL = new URL('../../schemas/fixture.schema.json', import.meta.url);
export const fixtureSchema: JsonSchema = JSON.parse(readFileSync(FIXTURE_SCHEMA_URL, 'utf8'));

let compiled: ValidateFunction | undefined;

/** The pre-compiled validator's file name, next to this module in dist/. */
export const PREBUILT_VALIDATOR_FILE = './fixture-validator.cjs';

/** Compile the schema now, with the same options the build step uses. */
export function compileFixtureValidator(): ValidateFunction {
  const Ajv = loadAjv();
  return new Ajv(FIXTURE_AJV_OPTIONS).compile(fixtureSchema);
}

/** The build's pre-compiled validator, or undefined when there is none (running from src/). */
function prebuiltFixtureValidator(): ValidateFunction | undefined {
  try {
    // A synchronous require, not `await import`: top-level await would stop CommonJS projects
    // from require()-ing llmposter.
    return createRequire(import.meta.url)(PREBUILT_VALIDATOR_FILE) as ValidateFunction;
  } catch (err) {
    // Only "not built"; a pre-compiled file that is there but broken should say so.
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND' && (err as Error).message.includes(PREBUILT_VALIDATOR_FILE.slice(2))) return undefined;
    throw err;
  }
}

/** The fixture-file validator: the pre-compiled one when built, else compiled on the first call. */
export function fixtureValidator(): ValidateFunction {
  compiled ??= prebuiltFixtureValidator() ?? compileFixtureValidator();
  return compiled;
}

export const FIXTURE_KEYS = Object.keys(fixtureSchema.definitions?.fixture?.properties ?? {});
export const PATTERN_SCHEMA = fixtureSchema.definitions?.pattern;

