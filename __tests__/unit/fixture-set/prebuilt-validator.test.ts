/**
 * The fixture validator `npm run build` pre-compiles (dist/fixture-set/fixture-validator.cjs,
 * ajv standalone code) must judge every file exactly as the schema compiled at run time does:
 * same verdict, same errors (so the same messages). Needs the build (`pretest` runs it).
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { compileFixtureValidator } from '../../../src/fixture-set/schema.js';
import { starterFixtures } from '../../../src/cli/starter-fixtures.js';

const PREBUILT = join(process.cwd(), 'dist/fixture-set/fixture-validator.cjs');

const good: Array<[string, unknown]> = [
  ...readdirSync('fixtures').map((f): [string, unknown] => [f, parse(readFileSync(join('fixtures', f), 'utf8'))]),
  ['starter.yaml (llmposter init)', parse(starterFixtures('x.json'))],
];

const one = (fixture: Record<string, unknown>) => ({ fixtures: [{ match: { user_message: 'hi' }, response: { content: 'hello' }, ...fixture }] });
const bad: Array<[string, unknown]> = [
  ['no fixtures key', { fixture: [] }],
  ['fixtures not a list', { fixtures: 'hello' }],
  ['unknown fixture key', one({ respnse: 'typo' })],
  ['unknown provider', one({ provider: 'cohere' })],
  ['negative chunk size', one({ streaming: { chunk_size: -1.5 } })],
  ['error status out of range', { fixtures: [{ match: { user_message: 'x' }, error: { status: 200, message: 'no' } }] }],
  ['pattern of the wrong type', one({ match: { user_message: { regex: 5 } } })],
  ['sequence entry of the wrong shape', { fixtures: [{ match: { user_message: 'x' }, sequence: [{ nope: true }] }] }],
  ['times below one', one({ times: 0 })],
  ['several problems at once', { fixtures: [{ match: 3, response: { content: 7 }, failure: { latency_ms: 'soon' } }, 'not a fixture'] }],
];

describe('the pre-compiled fixture validator', () => {
  it('is built', () => {
    expect(existsSync(PREBUILT)).toBe(true);
  });

  const prebuilt = () => createRequire(import.meta.url)(PREBUILT) as ValidateFunction;
  const compiled = compileFixtureValidator();
  const verdict = (validate: ValidateFunction, doc: unknown) => ({ valid: validate(doc), errors: JSON.parse(JSON.stringify(validate.errors ?? null)) as unknown });

  it.each(good)('accepts %s, as the run-time compiled one does', (_name, doc) => {
    expect(verdict(compiled, doc).valid).toBe(true);
    expect(verdict(prebuilt(), doc)).toEqual(verdict(compiled, doc));
  });

  it.each(bad)('rejects "%s" with the same errors as the run-time compiled one', (_name, doc) => {
    const expected = verdict(compiled, doc);
    expect(expected.valid).toBe(false);
    expect(verdict(prebuilt(), doc)).toEqual(expected);
  });
});
