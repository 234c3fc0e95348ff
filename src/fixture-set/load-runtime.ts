/**
 * Fixtures added while the server runs (`POST /admin/fixtures`, `server.addFixtures()`), checked
 * exactly like a file: the same parser, schema and compiler, the same messages. Each batch gets
 * a pseudo file name (`runtime-1`, `runtime-2` ...) that stands in for the file in ids
 * (`runtime-1#0`) and in problems (`runtime-1:3:7: message`), so line:col point into the body
 * as it was sent.
 *
 * YAML is a fixture file, nothing else (`fixtures:` and its list), as on disk. JSON is friendlier
 * to code that builds fixtures: a fixture file object `{"fixtures": [...]}`, a list of fixtures,
 * or a single fixture object. JSON is YAML, so it goes through the same YAML path; a list or a
 * single fixture is wrapped on a line of its own first, and lines are moved back by one.
 */
import { jsonTextTooDeep, jsonTooDeepMessage } from '../http/json-depth.js';
import { loadFixturesFromText } from './load.js';
import { FIXTURE_KEYS } from './schema.js';
import { FixtureLoadError, type FixtureProblem, type FixtureSet } from './types.js';

export type RuntimeFixtureInput = { yaml: string } | { json: string };

/**
 * @example
 * loadRuntimeFixtures({ json: '{"match": {"user_message": "hi"}, "response": {"content": "hello"}}' }, 'runtime-1')
 * // { fixtures: [{ id: 'runtime-1#0', ... }], files: ['runtime-1'] }; throws FixtureLoadError listing every problem
 */
export function loadRuntimeFixtures(input: RuntimeFixtureInput, fileName: string): FixtureSet {
  if ('yaml' in input) return loadFixturesFromText(input.yaml, fileName);
  const text = input.json;
  if (jsonTextTooDeep(text)) throw new FixtureLoadError([{ file: fileName, line: 1, col: 1, message: jsonTooDeepMessage() }]);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FixtureLoadError([{ ...jsonErrorPlace(text, (err as Error).message, fileName), message: `the body is not valid JSON: ${(err as Error).message}` }]);
  }
  // A list, or one fixture, goes on the lines after a wrapper line of its own.
  const wrap = Array.isArray(value) ? ['{"fixtures":\n', '\n}'] : isSingleFixture(value) ? ['{"fixtures":[\n', '\n]}'] : undefined;
  if (!wrap) return loadFixturesFromText(text, fileName);
  try {
    const set = loadFixturesFromText(wrap[0] + text + wrap[1], fileName);
    return { ...set, fixtures: set.fixtures.map((f) => ({ ...f, location: { ...f.location, line: f.location.line - 1 } })) };
  } catch (err) {
    if (!(err instanceof FixtureLoadError)) throw err;
    throw new FixtureLoadError(err.problems.map((p): FixtureProblem => ({ ...p, line: Math.max(1, p.line - 1) })));
  }
}

/** An object without `fixtures:` holding at least one fixture key (`match`, `response` ...). */
function isSingleFixture(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.hasOwn(value, 'fixtures')) return false;
  return Object.keys(value).some((k) => FIXTURE_KEYS.includes(k));
}

/** Where JSON.parse stopped, from the "position N" in its message (line 1, col 1 when none is given). */
function jsonErrorPlace(text: string, message: string, file: string): { file: string; line: number; col: number } {
  const m = /position (\d+)/.exec(message);
  if (!m) return { file, line: 1, col: 1 };
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return { file, line: lines.length, col: lines[lines.length - 1].length + 1 };
}
