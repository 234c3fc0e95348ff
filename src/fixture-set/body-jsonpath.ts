/**
 * `match.body_jsonpath`: JSONPath into the request body (the original llmposter's way to match
 * any field, e.g. `$.response_format.type` or `$.tool_choice`), evaluated with jsonpath-plus
 * with script expressions switched off: a fixture file can select, never run code.
 */
import { createRequire } from 'node:module';
import type { JSONPath as JSONPathFn } from 'jsonpath-plus';

// Required on first use, not imported: few fixture sets use body_jsonpath, and every CLI start
// (`llmposter validate` included) would pay for loading it.
let jsonPath: typeof JSONPathFn | undefined;
const JSONPath: typeof JSONPathFn = ((...args: Parameters<typeof JSONPathFn>) =>
  (jsonPath ??= (createRequire(import.meta.url)('jsonpath-plus') as { JSONPath: typeof JSONPathFn }).JSONPath)(...args)) as typeof JSONPathFn;

/** Why a path cannot be used, or undefined. Checked at load, so a typo fails with its line. */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return `JSONPath "${path}" must start with $ (e.g. $.response_format.type)`;
  try {
    JSONPath({ path, json: {}, eval: false, wrap: true });
  } catch (err) {
    return `JSONPath "${path}" cannot be used: ${(err as Error).message}`;
  }
  return undefined;
}

/**
 * The values `path` selects in `body`, as the strings patterns test: strings as they are,
 * numbers, booleans and null as written in JSON, objects and arrays as their JSON text.
 * @example selectAsText({ tool_choice: 'auto' }, '$.tool_choice') // ['auto']
 */
export function selectAsText(body: unknown, path: string): string[] {
  if (body === null || typeof body !== 'object') return [];
  const found = JSONPath({ path, json: body as object, eval: false, wrap: true }) as unknown[];
  return found.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'null'));
}
