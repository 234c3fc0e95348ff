/**
 * The contract every provider surface implements: decode a request into the neutral shape,
 * encode neutral answers and errors back into that provider's wire format.
 */
import type { CanonicalRequest, ProviderName, Surface } from '../canonical/request.js';
import type { NeutralError, NeutralMessage, ResponseMeta } from '../canonical/response.js';
import type { Frame } from '../stream/sse.js';
import type { EncodedError } from './openai/errors.js';

export type DecodeResult = { ok: true; request: CanonicalRequest } | { ok: false; error: NeutralError };

export interface StreamEncodeOptions {
  chunkSize: number;
  includeUsage: boolean;
}

export interface Codec {
  provider: ProviderName;
  surface: Surface;
  /** Prefix of generated response ids (`chatcmpl-`, `cmpl-`, `msg_` ...). */
  idPrefix: string;
  decode(body: unknown, headers: Record<string, string>): DecodeResult;
  /** Non-streaming body (JSON text). */
  encodeBody(msg: NeutralMessage, meta: ResponseMeta): string;
  /** Every SSE frame of a streamed answer, in order, terminator included. */
  encodeStream(msg: NeutralMessage, meta: ResponseMeta, opts: StreamEncodeOptions): Frame[];
  /** An error in the provider's shape; `diagnostics` lands inside the error object. */
  encodeError(err: NeutralError, diagnostics?: Record<string, unknown>): EncodedError;
}
