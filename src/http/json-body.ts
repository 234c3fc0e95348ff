/**
 * From a read body to JSON, the same way on every LLM route: a body over the cap is a 413 (and
 * the connection closes: the rest was not read), JSON nested deeper than `MAX_JSON_DEPTH` or
 * that does not parse is a 400. Messages only; each route puts them in its provider's shape.
 */
import { jsonTextTooDeep, jsonTooDeepMessage } from './json-depth.js';
import type { BodyResult } from './read-body.js';

export type JsonBody =
  /** `text`: the body as the string that was parsed (the request journal keeps it). */
  | { ok: true; json: unknown; text: string }
  /** The client went away: nothing to answer. */
  | { ok: false; aborted: true }
  /** `text`: the body when it was read whole (bad JSON), for the request journal. */
  | { ok: false; aborted: false; status: number; message: string; closeConnection: boolean; text?: string };

/** @example parseJsonBody({ ok: true, body: Buffer.from('{"a":1}') }, 1024) // { ok: true, json: { a: 1 } } */
export function parseJsonBody(read: BodyResult, maxBodyBytes: number): JsonBody {
  if (!read.ok) {
    if (read.reason === 'aborted') return { ok: false, aborted: true };
    return { ok: false, aborted: false, status: 413, message: `Request body is larger than the ${maxBodyBytes}-byte limit (--max-body-bytes).`, closeConnection: true };
  }
  // Checked on the bytes before parsing: deeper JSON would overflow the stack further on.
  // Sentence case like the other messages (the jobs API keeps its lower case).
  if (jsonTextTooDeep(read.body)) return { ok: false, aborted: false, status: 400, message: `The ${jsonTooDeepMessage()}.`, closeConnection: false };
  const text = read.body.toString('utf8');
  try {
    return { ok: true, json: JSON.parse(text), text };
  } catch (err) {
    return { ok: false, aborted: false, status: 400, message: `We could not parse the JSON body of your request: ${(err as Error).message}`, closeConnection: false, text };
  }
}
