/**
 * The contract every provider surface implements: decode an HTTP request into the neutral
 * request, encode neutral answers, stream parts and errors back into that provider's wire
 * format. Codecs never frame bytes (the writer does, in the codec's `framing`) and never
 * choose ids (they only name the prefixes).
 *
 * `W` is what a codec keeps from the raw request for its own encoders (OpenAI's
 * `stream_options.include_usage`, Gemini's `alt`, ...): it travels with the decoded request
 * and comes back to the same codec, so provider options never leak into the neutral shape.
 */
import type { Answer, Embeddings, NeutralError, ResponseMeta } from '../canonical/answer.js';
import type { LlmRequest, ProviderName, RequestHeaders } from '../canonical/request.js';
import type { StreamPart } from '../canonical/stream-parts.js';
import type { EventList } from '../stream/event-list.js';
import type { CodecFraming, WireEvent } from '../stream/framing.js';

/** Where a request's fields can come from besides its body. */
export interface DecodeContext {
  headers: RequestHeaders;
  /** Path parameters of the route (Gemini's model, Azure's deployment). */
  params: Readonly<Record<string, string>>;
  /** The query string (Gemini's `alt`, Azure's `api-version`). */
  query: URLSearchParams;
  /** This server's kept responses (the Responses API's `store`), when the server keeps any. */
  responses?: ResponseStore;
}

/**
 * Responses kept for a later `GET .../responses/{id}`: one bounded store per server, written by
 * the codecs whose API stores what it answers (Responses, Azure's Responses), read by the GET route.
 */
export interface ResponseStore {
  /** Keep `body` (the response object's JSON) under `id`, replacing what was kept there. */
  put(id: string, body: string): void;
  get(id: string): string | undefined;
}

export interface Decoded<W = unknown> {
  request: LlmRequest;
  wire: W;
}

export type DecodeResult<W = unknown> = { ok: true; decoded: Decoded<W> } | { ok: false; error: NeutralError };

/** An HTTP error response, ready to send. */
export interface EncodedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdPrefixes {
  /** Response ids: `chatcmpl-`, `cmpl-`, `msg_`, `resp_` ... */
  response: string;
  /** Tool-call ids: `call_`, `toolu_` ... */
  toolCall: string;
}

export interface Codec<W = unknown> {
  provider: ProviderName;
  ids: IdPrefixes;
  decode(body: unknown, ctx: DecodeContext): DecodeResult<W>;
  /** How this request's stream is framed. */
  framing(decoded: Decoded<W>): CodecFraming;
  /** The non-streaming body (JSON text). */
  encodeBody(answer: Answer, meta: ResponseMeta, decoded: Decoded<W>): string;
  /** Every event of a streamed answer, in order, terminator events included (built on demand: see event-list.ts). */
  encodeStream(parts: StreamPart[], meta: ResponseMeta, decoded: Decoded<W>): EventList;
  /**
   * An error reported inside an already-started stream (status 200 is already sent): the
   * events that end the stream (OpenAI: one `data: {"error": ...}`; Responses: `error` then
   * `response.failed`). Nothing follows them but the framing's close.
   */
  encodeStreamError(err: NeutralError, meta: ResponseMeta, decoded: Decoded<W>): readonly WireEvent[];
  /**
   * The one event a `corrupt_body` stream sends instead of the answer, when `data: overloaded`
   * alone would not reach the client's parser (Anthropic's SDK skips events without a name).
   */
  corruptEvent?: WireEvent;
  /** Embeddings surfaces only (their decode yields `op: 'embed'`): the response body. */
  encodeEmbeddings?(result: Embeddings, meta: ResponseMeta, decoded: Decoded<W>): string;
  /** An error response in the provider's shape; `diagnostics` lands inside its error object. */
  encodeError(err: NeutralError, diagnostics?: Record<string, unknown>): EncodedError;
}

/**
 * Any codec, whatever it keeps in `wire`: route tables hold these. A decoded request only
 * ever goes back to the codec that decoded it, which is what makes the erasure safe.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCodec = Codec<any>;

/**
 * A data-plane route served by a codec: each provider folder lists its own in `routes.ts`, and
 * the server registers them all (`{name}` is a path parameter, handed to `decode` in `params`).
 */
export interface CodecRoute {
  method: 'POST';
  path: string;
  codec: AnyCodec;
}
