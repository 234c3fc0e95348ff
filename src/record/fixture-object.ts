/**
 * A recorded exchange -> fixture objects, ready to be written as YAML. Pure: no I/O, no clock,
 * so every shape is table-tested as plain objects.
 *
 * - `match`: the provider, the model and the latest user message as `equals` (plus the system
 *   prompt when there is one, and the message count, so each turn of a tool loop gets its own
 *   fixture): strict, and easy to loosen by editing (`equals` -> `contains`, or delete a key).
 * - an upstream error (4xx/5xx) becomes `error: {status, message, headers: {retry-after}}`.
 * - an answer becomes `response` (text, reasoning, tool calls, finish reason, the upstream's
 *   `usage`) and `streaming` with the measured timing: `ttft_ms` (time to the first
 *   content frame), `tbt_ms` (the mean gap between content frames) and `chunk_size` (mean
 *   characters per frame). A non-streamed answer gets `ttft_ms` = the time the body took.
 * - `raw` (with `--record-exact`): the frames verbatim with their offsets.
 * - a partial recording (client abort with `--record-partial`) gets `failure: {truncate_after_frames}`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LlmRequest } from '../canonical/request.js';
import type { CapturedAnswer } from './captured-answer.js';
import type { CapturedResponse, RawChunk } from './capture.js';
import type { Redactor } from './redact.js';

export interface RecordedExchange {
  request: LlmRequest;
  /** The request asked for a stream. */
  stream: boolean;
  response: CapturedResponse;
  /** The client went away after this many frames (`--record-partial`). */
  partialFrames?: number;
}

export interface BuildOptions {
  redactor: Redactor;
  /** Write `raw` (`--record-exact`). */
  exact: boolean;
}

export type FixtureObject = Record<string, unknown>;
export type BuildResult = { ok: true; fixtures: FixtureObject[] } | { ok: false; reason: string };

/** The keys of one outcome (what a `sequence` item holds). */
export const OUTCOME_KEYS = ['response', 'streaming', 'failure', 'error', 'refusal', 'raw'] as const;

/** Response headers that are never saved: credentials, cookies, framing, and per-connection noise. */
const UNSAVED_HEADERS = /^(set-cookie|cookie|authorization|api-key|x-api-key|x-goog-api-key|proxy-.*|connection|keep-alive|te|trailer|transfer-encoding|upgrade|content-length|content-encoding|date|server|via|alt-svc|strict-transport-security|cf-.*|x-envoy-.*|openai-organization|openai-project|anthropic-organization-id|x-llmposter-.*)$/i;

export function buildFixtures(x: RecordedExchange, opts: BuildOptions): BuildResult {
  const { request, response } = x;
  const r = opts.redactor;
  const head = { provider: request.provider };
  if (request.op === 'embed') {
    if (response.status >= 400) return { ok: true, fixtures: [{ ...head, match: { model: r.pattern(request.model), user_message: r.pattern(request.inputs[0] ?? '') }, error: errorOf(response, r) }] };
    const vectors = response.answer?.embeddings ?? [];
    if (vectors.length !== request.inputs.length) return { ok: false, reason: `the upstream sent ${vectors.length} vectors for ${request.inputs.length} inputs` };
    return { ok: true, fixtures: request.inputs.filter((t) => t !== '').map((input, i) => ({ ...head, match: { model: r.pattern(request.model), user_message: r.pattern(input) }, response: { embedding: vectors[i] } })) };
  }
  const match: Record<string, unknown> = { model: r.pattern(request.model) };
  if (request.userMessage !== '') match.user_message = r.pattern(request.userMessage);
  if (request.systemPrompt !== '') match.system_prompt = r.pattern(request.systemPrompt);
  match.message_count = request.messages.length;
  const outcome = outcomeOf(x, opts);
  if (!outcome.ok) return outcome;
  return { ok: true, fixtures: [{ ...head, match, ...outcome.outcome }] };
}

function outcomeOf(x: RecordedExchange, opts: BuildOptions): { ok: true; outcome: FixtureObject } | { ok: false; reason: string } {
  const { response } = x;
  const r = opts.redactor;
  const out: FixtureObject = {};
  if (response.status >= 400) {
    if (response.status > 599) return { ok: false, reason: `status ${response.status} is outside 400..599` };
    out.error = errorOf(response, r);
  } else if (response.status < 200 || response.status >= 300) {
    return { ok: false, reason: `status ${response.status} is not an answer or an error` };
  } else {
    const a = response.answer;
    if (!a) return { ok: false, reason: 'the answer could not be read' };
    if (a.streamError !== undefined && x.partialFrames === undefined) return { ok: false, reason: `the upstream stream ended with an error (${r.text(a.streamError)})` };
    out.response = responseOf(a, r);
    const timing = x.stream ? streamTiming(a, response.endMs) : { ttft_ms: response.endMs, tbt_ms: 0 };
    if (timing) out.streaming = timing;
    if (x.partialFrames !== undefined) out.failure = { truncate_after_frames: x.partialFrames };
  }
  if (opts.exact) out.raw = rawOf(x, r);
  return { ok: true, outcome: out };
}

function responseOf(a: CapturedAnswer, r: Redactor): FixtureObject {
  const out: FixtureObject = {};
  if (a.thinking !== '') out.thinking = r.text(a.thinking);
  if (a.content !== '' || a.toolCalls.length === 0) out.content = r.text(a.content);
  if (a.toolCalls.length > 0) out.tool_calls = a.toolCalls.map((c) => ({ name: c.name, arguments: argumentsOf(r.text(c.arguments)) }));
  if (a.finishReason !== undefined) out.finish_reason = a.finishReason;
  if (a.stopReason !== undefined) out.stop_reason = a.stopReason;
  if (a.usage) out.usage = { ...a.usage };
  return out;
}

/** Arguments as a YAML mapping when they are a JSON object (readable, editable); else the text as sent. */
function argumentsOf(text: string): unknown {
  try {
    const v = JSON.parse(text);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // Malformed on the wire: kept exactly, so replay sends the same bytes.
  }
  return text;
}

/** Measured pacing: first content frame, mean gap between content frames, mean characters per frame. */
function streamTiming(a: CapturedAnswer, endMs: number): FixtureObject {
  const at = a.contentAt;
  const ttft = at.length > 0 ? at[0] : endMs;
  const gaps = at.length > 1 ? (at[at.length - 1] - at[0]) / (at.length - 1) : 0;
  const out: FixtureObject = { ttft_ms: Math.max(0, Math.round(ttft)), tbt_ms: Math.max(0, Math.round(gaps)) };
  // Mean characters per text frame (tool-call and reasoning frames carry no answer text).
  if (a.content.length > 0 && a.textFrames > 0) out.chunk_size = Math.max(1, Math.round([...a.content].length / a.textFrames));
  return out;
}

function errorOf(response: CapturedResponse, r: Redactor): FixtureObject {
  const out: FixtureObject = { status: response.status, message: r.text(errorMessage(response.text, response.status)) };
  const headers: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const v = response.headers[name];
    if (typeof v === 'string' && v !== '') headers[name] = r.text(v);
  }
  if (Object.keys(headers).length) out.headers = headers;
  return out;
}

/** The message every provider puts at `error.message` (Gemini inside a one-element array sometimes); else the body's text. */
export function errorMessage(text: string, status: number): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const first = Array.isArray(json) ? json[0] : json;
  const err = (first as { error?: unknown } | undefined)?.error;
  const msg = typeof err === 'string' ? err : (err as { message?: unknown } | undefined)?.message;
  if (typeof msg === 'string' && msg.trim() !== '') return msg;
  const plain = text.trim().slice(0, 500);
  return plain !== '' ? plain : `upstream status ${status}`;
}

function rawOf(x: RecordedExchange, r: Redactor): FixtureObject {
  return {
    stream: x.stream,
    status: x.response.status,
    headers: savedHeaders(x.response.headers, r),
    chunks: x.response.chunks.map((c: RawChunk) => ({ at_ms: c.at_ms, data: r.text(c.data) })),
  };
}

/** Response headers worth replaying: not credentials, cookies, framing or hop-by-hop ones. */
export function savedHeaders(headers: IncomingHttpHeaders, r: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined || UNSAVED_HEADERS.test(name)) continue;
    out[name] = r.text(Array.isArray(v) ? v.join(', ') : v);
  }
  return out;
}
