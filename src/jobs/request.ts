/**
 * Reading and validating `POST /v1/jobs` bodies. The router parses its own body (it must not
 * depend on whatever middleware the app mounts), tolerates any content type (`curl -d` sends
 * form-urlencoded), and turns every malformed body into a 400, never a crash.
 */
import type { Request } from 'express';
import { jsonTextTooDeep, jsonTooDeepMessage, jsonValueTooDeep } from '../http/json-depth.js';
import { DEFAULT_MAX_BODY_BYTES, readBodyAsync } from '../http/read-body.js';
import type { JobRequest } from './types.js';

/** The seed's default `timeout_ms`. */
export const DEFAULT_TIMEOUT_MS = 8000;
/** Same cap as the LLM endpoints. */
export const DEFAULT_JOB_BODY_LIMIT = DEFAULT_MAX_BODY_BYTES;
/** The seed's fields, and only those: behaviour is set on the server, never in the payload. */
export const JOB_REQUEST_FIELDS = ['op', 'args', 'timeout_ms', 'trace_id'] as const;

export type BodyRead = { ok: true; value: unknown } | { ok: false; code: 'INVALID_JSON' | 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST'; message: string };

/**
 * Read and JSON-parse the request body. A body already parsed by app middleware (e.g.
 * `express.json()`) is used as is.
 * @example const body = await readJsonBody(req, DEFAULT_JOB_BODY_LIMIT)
 */
export function readJsonBody(req: Request, limit: number): Promise<BodyRead> {
  const pre = (req as { body?: unknown }).body;
  if (pre !== undefined && !Buffer.isBuffer(pre) && typeof pre !== 'string') {
    return Promise.resolve(jsonValueTooDeep(pre) ? { ok: false, code: 'BAD_REQUEST', message: jsonTooDeepMessage() } : { ok: true, value: pre });
  }
  if (pre !== undefined) return Promise.resolve(parse(Buffer.isBuffer(pre) ? pre.toString('utf8') : (pre as string)));
  if (req.readableEnded) return Promise.resolve(parse(''));
  return readBodyAsync(req, limit).then((r) => {
    if (r.ok) return parse(r.body.toString('utf8'));
    if (r.reason === 'too_large') return tooLarge(limit);
    return { ok: false, code: 'BAD_REQUEST', message: 'the client closed the connection before the body ended' };
  });
}

function tooLarge(limit: number): BodyRead {
  return { ok: false, code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${limit} bytes` };
}

function parse(text: string): BodyRead {
  if (text.trim() === '') return { ok: false, code: 'BAD_REQUEST', message: 'request body is empty; send a JSON object like {"op":"llm.chat","args":{...}}' };
  // Refused before parsing: a record this deep could not be stored or served back.
  if (jsonTextTooDeep(text)) return { ok: false, code: 'BAD_REQUEST', message: jsonTooDeepMessage() };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, code: 'INVALID_JSON', message: `request body is not valid JSON: ${(err as Error).message}` };
  }
}

export type JobRequestCheck = { ok: true; request: JobRequest } | { ok: false; message: string; param: string | null };

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/**
 * Validate a parsed body against dummyLLM's job payload: `op` (non-empty string), `args`
 * (object, default {}), `timeout_ms` (integer >= 0, default 8000), `trace_id` (string or null).
 * Any other field is refused: it is almost always a simulation knob a client should not send.
 * @example checkJobRequest({ op: 'llm.chat', args: { messages: [] } }) // { ok: true, request: { op, args, timeout_ms: 8000, trace_id: null } }
 */
export function checkJobRequest(body: unknown): JobRequestCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, message: `request body must be a JSON object with "op" and optional "args", "timeout_ms", "trace_id"; got ${describe(body)}`, param: null };
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!(JOB_REQUEST_FIELDS as readonly string[]).includes(key)) {
      return {
        ok: false,
        message: `unknown field '${key}': a job takes only ${JOB_REQUEST_FIELDS.join(', ')}; simulation behaviour is set on the server (DUMMYLLM_MODE / --jobs-mode)`,
        param: key,
      };
    }
  }
  if (b.op === undefined || b.op === null) return { ok: false, message: "missing required field 'op' (e.g. \"llm.chat\")", param: 'op' };
  if (typeof b.op !== 'string') return { ok: false, message: `'op' must be a string, got ${describe(b.op)}`, param: 'op' };
  if (b.op.trim() === '') return { ok: false, message: "'op' must not be empty", param: 'op' };
  let args: Record<string, unknown> = {};
  if (b.args !== undefined && b.args !== null) {
    if (typeof b.args !== 'object' || Array.isArray(b.args)) return { ok: false, message: `'args' must be an object, got ${describe(b.args)}`, param: 'args' };
    args = b.args as Record<string, unknown>;
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (b.timeout_ms !== undefined && b.timeout_ms !== null) {
    const t = b.timeout_ms;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > 2 ** 31 - 1) {
      return { ok: false, message: `'timeout_ms' must be an integer from 0 to 2147483647, got ${typeof t === 'number' ? t : typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : describe(t)}`, param: 'timeout_ms' };
    }
    timeoutMs = t;
  }
  let traceId: string | null = null;
  if (b.trace_id !== undefined && b.trace_id !== null) {
    if (typeof b.trace_id !== 'string') return { ok: false, message: `'trace_id' must be a string, got ${describe(b.trace_id)}`, param: 'trace_id' };
    traceId = b.trace_id;
  }
  return { ok: true, request: { op: b.op, args, timeout_ms: timeoutMs, trace_id: traceId } };
}
