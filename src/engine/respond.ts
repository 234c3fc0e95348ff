/**
 * From a decision to a plan: encode the answer with the provider's codec (a body, or stream
 * parts -> events), apply the fixture's faults, and say how the writer should send it. Pure,
 * like decide: the same decision, request and seed always give the same plan.
 */
import type { Answer, ResponseMeta, Usage } from '../canonical/answer.js';
import { STREAMING_DEFAULTS } from '../fixture-set/compile.js';
import type { ErrorSpec, FailureSpec, StreamingSpec } from '../fixture-set/types.js';
import type { ChatRequest, LlmRequest } from '../canonical/request.js';
import { toStreamParts, type StreamPart } from '../canonical/stream-parts.js';
import { tokenChunks } from '../generate/token-chunks.js';
import type { Codec, Decoded, EncodedError } from '../providers/codec.js';
import { seededHex } from '../random/rng.js';
import type { RequestSeed } from '../random/request-seed.js';
import { listOf } from '../stream/event-list.js';
import { every, offsets, type Plan } from '../stream/plan.js';
import { bodyDelayMs, pacedOffsets, pacingRng, resolvePacing, type ServerPacing } from '../pacing/pacing.js';
import type { NearestMatch } from '../fixture-set/match.js';
import type { ChatDecision, Decision } from './decide.js';
import type { EmbedDecision } from './embed.js';
import { planStream } from './stream-plan.js';
import { rawPlan } from './raw-plan.js';

/** What a failure's `corrupt_body` sends instead of the answer. */
export const CORRUPT_BODY = 'overloaded';

export interface RespondInput<W> {
  decision: ChatDecision;
  codec: Codec<W>;
  decoded: Decoded<W>;
  seed: RequestSeed;
  /** For `created`; the caller reads the clock. */
  unixSeconds: number;
  /**
   * The response's header object (`x-llmposter-seed` ...). One fresh object per request, owned
   * by the plan from here on: respond adds to it rather than copying it (the hot path).
   */
  headers: Record<string, string>;
  /** The server's latency profile (`--profile`); absent = off, unless a fixture paces itself. */
  pacing?: ServerPacing;
}

export interface Responded {
  plan: Plan;
  /** Short label for logs: response | stream | stream_truncated | error:429 | refusal | corrupt_body | hang | no_match | raw | raw_stream */
  outcome: string;
  /** no_match only: the id of the fixture that came closest, for the `--verbose` line. */
  nearest?: string;
  /** no_match only: the nearest fixture and its field checks, for the request journal. */
  nearMiss?: NearestMatch;
  /** The answer's token counts, when there is an answer (for metrics). */
  usage?: Usage;
}

/** A ready error response as a plan, the request's own headers added. */
export function errorPlan(e: EncodedError, headers: Record<string, string>, delayMs = 0): Plan {
  return { kind: 'body', status: e.status, headers: { ...e.headers, ...headers }, body: e.body, delayMs };
}

/**
 * `r` (a fresh object from rawPlan or transportFault) with the answer's usage: set in place, not
 * spread into a copy (a spread per request showed in the streaming hot path's profile).
 */
function withUsage(r: Responded, usage: Usage | undefined): Responded {
  r.usage = usage;
  return r;
}

/** Response ids hash the request's `ids` sub-seed: they replay with the request. */
export function responseMeta(prefix: string, seed: RequestSeed, unixSeconds: number, model: string): ResponseMeta {
  return { id: prefix + seededHex(seed.sub('ids'), 'response', 0, 24), created: unixSeconds, model };
}

/**
 * The 404 for a request no fixture matched, in the provider's shape. The message names the
 * nearest fixture (its id, name and location, never the prompt) and points at `--diagnostics`;
 * with diagnostics on, the error also lists which fields passed.
 */
export function noMatch(codec: Codec<unknown>, request: LlmRequest, decision: Extract<Decision, { kind: 'unmatched' }>, diagnostics: boolean, headers: Record<string, string>): Responded {
  const near = decision.nearMiss();
  const location = near ? `${near.fixture.location.file}:${near.fixture.location.line}` : '';
  let message = `No fixture matched for model='${request.model}' (${decision.checked} fixtures checked)`;
  if (decision.checked === 0) message += '. No fixtures are loaded: start llmposter with --fixtures FILE_OR_FOLDER.';
  else if (near) message += `. Nearest: ${near.fixture.id}${near.fixture.name ? ` "${near.fixture.name}"` : ''} at ${location}.`;
  else message += '.';
  if (decision.checked > 0) {
    message += diagnostics ? ' `nearest.fields` says which of its fields matched.' : " Start llmposter with --diagnostics to see which of the nearest fixture's fields did not match.";
  }
  const diag = diagnostics ? { nearest: near ? { fixture: near.fixture.id, name: near.fixture.name ?? null, location, fields: near.checks } : null } : undefined;
  const responded: Responded = { plan: errorPlan(codec.encodeError({ status: 404, message }, diag), headers), outcome: 'no_match' };
  if (near) {
    responded.nearest = near.fixture.id;
    responded.nearMiss = near;
  }
  return responded;
}

/** A fixture's `error:` in the provider's shape, after its `failure.latency_ms`. */
function fixtureError<W>(codec: Codec<W>, error: ErrorSpec, headers: Record<string, string>): Responded {
  const { status, message, headers: extra, latencyMs } = error;
  return { plan: errorPlan(codec.encodeError({ status, message, headers: extra }), headers, latencyMs ?? 0), outcome: `error:${status}` };
}

/** An embeddings decision as a plan: the codec's body, or the matched error. */
export function embeddingsResponse<W>(codec: Codec<W>, decoded: Decoded<W>, d: EmbedDecision, seed: RequestSeed, unixSeconds: number, headers: Record<string, string>): Responded {
  if (d.kind === 'error') {
    headers['x-llmposter-fixture'] = d.fixture.id;
    return fixtureError(codec, d.error, headers);
  }
  if (d.kind === 'raw') {
    headers['x-llmposter-fixture'] = d.fixture.id;
    return withUsage(transportFault(d.failure, false, codec, decoded, headers) ?? rawPlan(d.raw, d.failure, seed, headers), d.usage);
  }
  if (!codec.encodeEmbeddings) throw new Error(`the ${codec.provider} codec decoded an embeddings request it cannot answer`);
  const matched = d.fixtures.filter((f) => f !== null).map((f) => f.id);
  if (matched.length > 0) headers['x-llmposter-fixture'] = [...new Set(matched)].join(', ');
  const meta = responseMeta(codec.ids.response, seed, unixSeconds, decoded.request.model);
  return { plan: jsonPlan(codec.encodeEmbeddings({ vectors: d.vectors, usage: { inputTokens: d.inputTokens } }, meta, decoded), headers, 0), outcome: 'embeddings', usage: { inputTokens: d.inputTokens, outputTokens: 0 } };
}

/** @example const { plan } = respond({ decision, codec, decoded, seed, unixSeconds: 0, headers: {} }) */
export function respond<W>(input: RespondInput<W>): Responded {
  const { decision, codec, decoded, seed } = input;
  const req = decoded.request as ChatRequest;
  const { headers } = input;
  headers['x-llmposter-fixture'] = decision.fixture.id;
  switch (decision.kind) {
    case 'error':
      return fixtureError(codec, decision.error, headers);
    case 'refusal': {
      const meta = responseMeta(codec.ids.response, seed, input.unixSeconds, req.model);
      // Streamed as OpenAI streams a refusal: `delta.refusal` pieces (default chunking, or a token a
      // piece under a server profile; no faults).
      if (req.stream) return { plan: streamPlan(input, decision.answer, meta, STREAMING_DEFAULTS, undefined).plan, outcome: 'refusal', usage: decision.answer.usage };
      return { plan: jsonPlan(codec.encodeBody(decision.answer, meta, decoded), headers, pacedBodyMs(input, STREAMING_DEFAULTS, decision.answer)), outcome: 'refusal', usage: decision.answer.usage };
    }
    case 'raw': {
      const { failure } = decision;
      const fault = transportFault(failure, req.stream, codec, decoded, headers);
      if (fault) return fault;
      const streamError = req.stream && failure?.streamError ? { events: codec.encodeStreamError({ status: failure.streamError.status, message: failure.streamError.message }, responseMeta(codec.ids.response, seed, input.unixSeconds, req.model), decoded), framing: codec.framing(decoded) } : undefined;
      return withUsage(rawPlan(decision.raw, failure, seed, headers, streamError), decision.usage);
    }
    case 'answer': {
      const { answer, streaming, failure } = decision;
      const fault = transportFault(failure, req.stream, codec, decoded, headers);
      if (fault) return fault;
      const delayMs = failure?.latencyMs ?? 0;
      const meta = responseMeta(codec.ids.response, seed, input.unixSeconds, req.model);
      if (!req.stream) return { plan: jsonPlan(codec.encodeBody(answer, meta, decoded), headers, delayMs + pacedBodyMs(input, streaming, answer)), outcome: 'response', usage: answer.usage };
      return streamPlan(input, answer, meta, streaming, failure);
    }
  }
}

/**
 * The faults that replace an answer whatever it is (a fixture's own, or its `raw:` recording):
 * `hang_ms`, then `corrupt_body`; undefined when neither applies.
 */
function transportFault<W>(failure: FailureSpec | undefined, stream: boolean, codec: Codec<W>, decoded: Decoded<W>, headers: Record<string, string>): Responded | undefined {
  // A timeout that times out: the connection stays open, silent, then closes (reported as status 0).
  if (failure?.hangMs !== undefined) return { plan: { kind: 'drop', status: 0, delayMs: failure.hangMs }, outcome: 'hang' };
  if (!failure?.corruptBody) return undefined;
  const delayMs = failure.latencyMs ?? 0;
  // Overrides truncation and disconnect: the client gets 200 and garbage, at once.
  if (!stream) headers['content-type'] = 'text/plain; charset=utf-8';
  const plan: Plan = stream
    ? { kind: 'stream', status: 200, headers, framing: codec.framing(decoded), events: listOf([codec.corruptEvent ?? { data: CORRUPT_BODY }]), at: every(0), delayMs, complete: true }
    : { kind: 'body', status: 200, headers, body: CORRUPT_BODY, delayMs };
  return { plan, outcome: 'corrupt_body' };
}

/**
 * An answer no fixture wrote (load chaos' response modes: random words, echo), as a body or a
 * stream with the default chunking and no faults.
 */
export function respondGenerated<W>(input: Omit<RespondInput<W>, 'decision'>, answer: Answer, mode: string): Responded {
  const { codec, decoded, headers } = input;
  headers['x-llmposter-generated'] = mode;
  const meta = responseMeta(codec.ids.response, input.seed, input.unixSeconds, decoded.request.model);
  if ((decoded.request as ChatRequest).stream) {
    const r = streamPlan(input, answer, meta, STREAMING_DEFAULTS, undefined);
    r.outcome = `generated:${mode}`;
    return r;
  }
  return { plan: jsonPlan(codec.encodeBody(answer, meta, decoded), headers, pacedBodyMs(input, STREAMING_DEFAULTS, answer)), outcome: `generated:${mode}`, usage: answer.usage };
}

/** An answer as a stream: the codec's events, with the fixture's chunking, latency and faults (and the answer's usage). */
function streamPlan<W>(input: Omit<RespondInput<W>, 'decision'>, answer: Answer, meta: ResponseMeta, streaming: StreamingSpec, failure: FailureSpec | undefined): Responded {
  const { codec, decoded } = input;
  const pacing = resolvePacing(streaming.pacing, streaming.latencyGiven === true, input.pacing, decoded.request.model);
  const events = codec.encodeStream(streamParts(answer, streaming, pacing !== undefined), meta, decoded);
  const se = failure?.streamError;
  const errorEvents = se ? codec.encodeStreamError({ status: se.status, message: se.message }, meta, decoded) : undefined;
  const paced = pacing ? offsets(pacedOffsets(events, pacing, answer.usage.inputTokens, pacingRng(input.seed), hiddenReasoningTokens(answer))) : undefined;
  const s = planStream(events, streaming, failure, input.seed, errorEvents, paced);
  const plan: Plan = {
    kind: 'stream',
    status: 200,
    headers: input.headers,
    framing: codec.framing(decoded),
    events: s.events,
    at: s.at,
    delayMs: failure?.latencyMs ?? 0,
    disconnectAtMs: s.disconnectAtMs,
    complete: !s.truncated,
  };
  return { plan, outcome: s.streamError ? 'stream_error' : s.truncated ? 'stream_truncated' : 'stream', usage: answer.usage };
}

/** The answer's stream parts: a paced stream goes one token a frame unless the fixture chose its chunking. */
function streamParts(answer: Answer, streaming: StreamingSpec, paced: boolean): StreamPart[] {
  const chunkTokens = streaming.chunkTokens ?? (paced && !streaming.chunkSizeGiven ? 1 : undefined);
  return toStreamParts(answer, streaming.chunkSize, chunkTokens === undefined ? undefined : (text) => tokenChunks(text, chunkTokens));
}

/**
 * A non-streamed answer's pacing wait (0 without pacing): what its stream would take. TTFT,
 * then a TBT per output token (a paced stream goes a token a frame); when the fixture chunks
 * its stream itself (`chunk_size`, `chunk_tokens`), a TBT per frame of that stream instead, plus
 * one per hidden reasoning token. A recording's `tbt_ms` is the gap between its frames, so its
 * body then waits as long as its stream took.
 */
function pacedBodyMs<W>(input: Omit<RespondInput<W>, 'decision'>, streaming: StreamingSpec, answer: Answer): number {
  const pacing = resolvePacing(streaming.pacing, streaming.latencyGiven === true, input.pacing, input.decoded.request.model);
  if (!pacing) return 0;
  const { usage } = answer;
  const tokenAFrame = streaming.chunkTokens === undefined ? !streaming.chunkSizeGiven : streaming.chunkTokens === 1;
  const gaps = tokenAFrame ? usage.outputTokens : contentDeltas(streamParts(answer, streaming, true)) + hiddenReasoningTokens(answer);
  return bodyDelayMs(pacing, usage.inputTokens, gaps, pacingRng(input.seed));
}

/**
 * Reasoning the stream does not show: spent at the model's TBT before the first token. Reasoning
 * a fixture wrote out (`thinking:`) is streamed, frame by frame, like any text.
 */
function hiddenReasoningTokens(answer: Answer): number {
  return answer.parts.some((p) => p.type === 'thinking') ? 0 : (answer.usage.reasoningTokens ?? 0);
}

/** How many content deltas (text pieces, tool-call argument pieces) a stream of these parts carries. */
function contentDeltas(parts: StreamPart[]): number {
  let n = 0;
  for (const p of parts) {
    if (p.type === 'tool-call') n += Math.max(1, p.arguments.count);
    else if (p.type !== 'finish') n += p.chunks.count;
  }
  return n;
}

function jsonPlan(body: string, headers: Record<string, string>, delayMs: number): Plan {
  headers['content-type'] = 'application/json';
  return { kind: 'body', status: 200, headers, body, delayMs };
}
