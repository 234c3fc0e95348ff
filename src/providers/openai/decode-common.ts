/**
 * Field checks shared by the OpenAI-shaped decoders (chat, legacy completions, later Azure):
 * each returns a 400 in OpenAI's words when a field has the wrong type.
 */
import type { NeutralError } from '../../canonical/response.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badRequest(message: string, param: string | null = null): NeutralError {
  return { status: 400, message, param };
}

/** The common fields, named as in CanonicalRequest so decoders can spread them in. */
export interface CommonFields {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  temperature?: number;
  metadata: Record<string, string>;
}

export function decodeCommonFields(body: unknown): { ok: true; fields: CommonFields } | { ok: false; error: NeutralError } {
  if (!isObject(body)) return { ok: false, error: badRequest('The request body must be a JSON object.') };
  const { model, stream, stream_options: streamOptions, temperature, metadata } = body;
  if (typeof model !== 'string' || model.length === 0) {
    return { ok: false, error: badRequest('you must provide a model parameter', 'model') };
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return { ok: false, error: badRequest(`Invalid type for 'stream': expected a boolean, but got ${typeName(stream)} instead.`, 'stream') };
  }
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions)) {
    return { ok: false, error: badRequest(`Invalid type for 'stream_options': expected an object, but got ${typeName(streamOptions)} instead.`, 'stream_options') };
  }
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') {
    return { ok: false, error: badRequest(`Invalid type for 'temperature': expected a number, but got ${typeName(temperature)} instead.`, 'temperature') };
  }
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    return { ok: false, error: badRequest(`Invalid type for 'metadata': expected an object, but got ${typeName(metadata)} instead.`, 'metadata') };
  }
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') meta[k] = String(v);
  }
  return {
    ok: true,
    fields: {
      model,
      stream: stream === true,
      includeUsage: stream === true && isObject(streamOptions) && streamOptions.include_usage === true,
      temperature: typeof temperature === 'number' ? temperature : undefined,
      metadata: meta,
    },
  };
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
