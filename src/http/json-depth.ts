/**
 * One bound on how deeply accepted JSON may nest, for every route (the LLM routes and the
 * jobs API). `JSON.parse` copes with any depth, but `JSON.stringify` and every recursive walk
 * after it do not: a body nested 5,000 levels deep used to end in "Maximum call stack size
 * exceeded" far from where it came in (a 500 on a later read, a job store that could no
 * longer save). Checking the text before parsing refuses it at the door with a clear 400.
 *
 * The text scan is one pass over the bytes with no allocation; on a typical chat body it
 * costs about a microsecond.
 */

/**
 * Deepest nesting of objects and arrays accepted in a request body: far beyond any real
 * request (a tool's JSON schema nests a dozen levels), far below what overflows the stack.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * True when JSON text nests objects/arrays deeper than `max`. Brackets inside strings don't
 * count. Works on the raw bytes (UTF-8 continuation bytes are never ASCII brackets), so it
 * can run before the body is decoded. Malformed text is left for `JSON.parse` to report.
 * @example jsonTextTooDeep('{"a":[[1]]}', 2) // true (three levels)
 */
export function jsonTextTooDeep(text: Uint8Array | string, max: number = MAX_JSON_DEPTH): boolean {
  const isString = typeof text === 'string';
  const n = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = isString ? (text as string).charCodeAt(i) : (text as Uint8Array)[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * True when an already parsed value nests deeper than `max` (for bodies some middleware parsed
 * first, and for records read back from a file). Iterative, so it cannot overflow the stack
 * itself; stops at the first path that is too deep.
 * @example jsonValueTooDeep({ a: [[1]] }, 2) // true
 */
export function jsonValueTooDeep(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}

/** The one wording for the refusal, so every route says the same thing. */
export function jsonTooDeepMessage(max: number = MAX_JSON_DEPTH): string {
  return `request body nests objects/arrays more than ${max} levels deep; llmposter accepts at most ${max}`;
}
