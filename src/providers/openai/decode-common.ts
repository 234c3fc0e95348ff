/**
 * Field checks shared by the OpenAI-shaped decoders (chat, legacy completions, later Azure):
 * each returns a 400 in OpenAI's words when a field has the wrong type.
 */
import type { NeutralError } from '../../canonical/answer.js';
import { serviceTier } from './serving-info.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badRequest(message: string, param: string | null = null): NeutralError {
  return { status: 400, message, param };
}

/** The API's own limit on `n`. */
const MAX_N = 128;

/** The neutral fields every OpenAI-shaped body carries, named as in ChatRequest. */
export interface CommonFields {
  model: string;
  stream: boolean;
  temperature?: number;
  metadata: Record<string, string>;
}

/** What the OpenAI encoders need back from the request (never part of the neutral shape). */
export interface OpenAiWire {
  /** `stream_options.include_usage`: a usage chunk before `[DONE]`, `usage: null` on the others. */
  includeUsage: boolean;
  /** The `service_tier` the response reports (see serving-info.ts). */
  serviceTier: string;
  /** `n`: how many choices to answer with (each the fixture's answer). */
  n: number;
}

export type CommonResult = { ok: true; fields: CommonFields; wire: OpenAiWire } | { ok: false; error: NeutralError };

/** @example decodeCommonFields({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } }) */
export function decodeCommonFields(body: unknown): CommonResult {
  if (!isObject(body)) return { ok: false, error: badRequest('The request body must be a JSON object.') };
  const { model, stream, stream_options: streamOptions, temperature, metadata, service_tier: tier, n } = body;
  if (typeof model !== 'string' || model.length === 0) {
    return { ok: false, error: badRequest('you must provide a model parameter', 'model') };
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return { ok: false, error: badRequest(`Invalid type for 'stream': expected a boolean, but got ${typeName(stream)} instead.`, 'stream') };
  }
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions)) {
    return { ok: false, error: badRequest(`Invalid type for 'stream_options': expected an object, but got ${typeName(streamOptions)} instead.`, 'stream_options') };
  }
  if (streamOptions !== undefined && streamOptions !== null && stream !== true) {
    // The API refuses it too: stream_options only means something for a stream.
    return { ok: false, error: badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options') };
  }
  if (n !== undefined && n !== null && !(Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_N)) {
    return { ok: false, error: badRequest(`Invalid 'n': expected an integer from 1 to ${MAX_N}, but got ${JSON.stringify(n)} instead.`, 'n') };
  }
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') {
    return { ok: false, error: badRequest(`Invalid type for 'temperature': expected a number, but got ${typeName(temperature)} instead.`, 'temperature') };
  }
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    return { ok: false, error: badRequest(`Invalid type for 'metadata': expected an object, but got ${typeName(metadata)} instead.`, 'metadata') };
  }
  // No prototype: a fixture matching `metadata.constructor` must see a missing key, not a function.
  const meta: Record<string, string> = Object.create(null);
  if (metadata) {
    for (const k in metadata) {
      const v = metadata[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') meta[k] = String(v);
    }
  }
  return {
    ok: true,
    fields: { model, stream: stream === true, temperature: typeof temperature === 'number' ? temperature : undefined, metadata: meta },
    wire: { includeUsage: stream === true && isObject(streamOptions) && streamOptions.include_usage === true, serviceTier: serviceTier(tier), n: typeof n === 'number' ? n : 1 },
  };
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
