/**
 * A fixture's `raw:` recording (what `--record-exact` writes) as a plan: the recorded status,
 * headers and bytes, each chunk at its recorded offset. A streamed recording is a `stream` plan
 * in the `raw` framing, so the writer's deadlines, backpressure and the stream faults
 * (truncate_after_frames counting chunks, disconnect_after_ms, duplicate_frames, stream_error)
 * work on it as on any stream; a non-streamed one is a `body` plan sent at its last chunk's
 * offset. Pure, like respond.ts.
 */
import type { FailureSpec, RawSpec } from '../fixture-set/types.js';
import type { RequestSeed } from '../random/request-seed.js';
import { listOf } from '../stream/event-list.js';
import { closeFraming, frameEvent, type CodecFraming, type WireEvent } from '../stream/framing.js';
import { offsets, type Plan } from '../stream/plan.js';
import { STREAMING_DEFAULTS } from '../fixture-set/compile.js';
import { planStream } from './stream-plan.js';

export interface RawPlanned {
  plan: Plan;
  /**
   * For logs and metrics: `raw` (a body) or `raw_stream`; a recorded error status is
   * `error:<status>`, a cut stream `stream_truncated` / `stream_error`, as for any fixture.
   */
  outcome: string;
}

/** What a `stream_error` fault needs from the provider: its error frames and its framing. */
export interface RawStreamError {
  events: readonly WireEvent[];
  framing: CodecFraming;
}

/**
 * @param headers the response's own headers (`x-request-id`, `x-llmposter-*`): they win over
 *   the recording's, which fill in the rest; the plan owns the object from here on.
 * @example
 * rawPlan({ stream: true, status: 200, headers: {}, chunks: [{ atMs: 5, data: 'data: x\n\n' }] }, undefined, requestSeed(1), {}).plan.kind // 'stream'
 */
export function rawPlan(raw: RawSpec, failure: FailureSpec | undefined, seed: RequestSeed, headers: Record<string, string>, streamError?: RawStreamError): RawPlanned {
  for (const name in raw.headers) if (!Object.hasOwn(headers, name)) headers[name] = raw.headers[name];
  const { chunks, status } = raw;
  const delayMs = failure?.latencyMs ?? 0;
  const errorOutcome = status >= 400 ? `error:${status}` : undefined;
  if (!raw.stream) {
    let body = '';
    for (const c of chunks) body += c.data;
    return { plan: { kind: 'body', status, headers, body, delayMs: delayMs + chunks[chunks.length - 1].atMs }, outcome: errorOutcome ?? 'raw' };
  }
  const events = listOf(chunks.map((c): WireEvent => ({ data: c.data })));
  const at = offsets(chunks.map((c) => c.atMs));
  const errorEvents = streamError && failure?.streamError ? [errorFrame(streamError, failure.streamError.afterFrames)] : undefined;
  // The recorded offsets take the place of a latency: jitter (which needs `streaming.latency`) never applies.
  const s = planStream(events, STREAMING_DEFAULTS, failure, seed, errorEvents, at);
  const plan: Plan = { kind: 'stream', status, headers, framing: 'raw', events: s.events, at: s.at, delayMs, disconnectAtMs: s.disconnectAtMs, complete: !s.truncated };
  return { plan, outcome: s.streamError ? 'stream_error' : s.truncated ? 'stream_truncated' : (errorOutcome ?? 'raw_stream') };
}

/**
 * The provider's mid-stream error framed as that provider frames it (an SSE frame, or a JSON
 * array element and the array's close), as one raw chunk after the recorded ones.
 */
function errorFrame(e: RawStreamError, afterFrames: number): WireEvent {
  let data = '';
  e.events.forEach((ev, k) => (data += frameEvent(e.framing, ev, afterFrames + k)));
  return { data: data + closeFraming(e.framing, afterFrames + e.events.length) };
}
