/**
 * From a load-chaos decision to a plan, on any provider route: HTTP errors in the route's own
 * error shape (with `retry-after` on 429 and 529), malformed 200 bodies in the route's format,
 * and real transport faults (the connection reset, stalled or timed out; ChaosLLM answered all
 * of these with a clean 500). Pure, like respond.ts: the writer carries the plan out.
 */
import type { Answer } from '../canonical/answer.js';
import type { LlmRequest } from '../canonical/request.js';
import { toStreamParts } from '../canonical/stream-parts.js';
import type { ChaosOutcome, HttpFault, MalformedFault } from '../chaos/types.js';
import type { Codec, Decoded } from '../providers/codec.js';
import { listOf } from '../stream/event-list.js';
import { CONTENT_TYPE, eventData } from '../stream/framing.js';
import { every, type Plan } from '../stream/plan.js';
import { errorPlan, responseMeta, type Responded } from './respond.js';
import type { RequestSeed } from '../random/request-seed.js';

/** The message each HTTP fault carries (ChaosLLM's wording). */
const HTTP_MESSAGES: Readonly<Record<HttpFault, string>> = {
  rate_limit: 'Rate limit exceeded. Please retry after the indicated time.',
  capacity_529: 'The model is currently overloaded. Please retry later.',
  service_unavailable: 'Service temporarily unavailable.',
  bad_gateway: 'Bad gateway.',
  gateway_timeout: 'Gateway timeout.',
  internal_error: 'Internal server error.',
  forbidden: 'Forbidden.',
  not_found: 'Not found.',
};

/** ChaosLLM's broken bodies, as sent on any route. */
export const INVALID_JSON = '{malformed json... "unclosed';
export const WRONG_CONTENT_TYPE_BODY = '<html><body>Not JSON</body></html>';

/** What a malformed body cuts or strips: a short, plain answer in the route's own format. */
const SAMPLE: Answer = { parts: [{ type: 'text', text: 'This answer never arrives whole.' }], finish: { reason: 'stop' }, usage: { inputTokens: 1, outputTokens: 7 } };

export interface ChaosRespondInput<W> {
  outcome: Exclude<ChaosOutcome, { kind: 'pass' }>;
  codec: Codec<W>;
  decoded: Decoded<W>;
  seed: RequestSeed;
  unixSeconds: number;
  headers: Record<string, string>;
}

/**
 * A fault's plan, or `slow` for `slow_response` (the answer goes ahead, `delayMs` later).
 * @example chaosRespond({ outcome: { kind: 'http', fault: 'rate_limit', status: 429, retryAfterSec: 2 }, ... })
 */
export function chaosRespond<W>(input: ChaosRespondInput<W>): Responded | { slow: number } {
  const { outcome, codec, headers } = input;
  switch (outcome.kind) {
    case 'http': {
      const extra: Record<string, string> = {};
      if (outcome.retryAfterSec !== undefined) extra['retry-after'] = String(outcome.retryAfterSec);
      const e = codec.encodeError({ status: outcome.status, message: HTTP_MESSAGES[outcome.fault], headers: extra });
      return { plan: errorPlan(e, headers), outcome: `chaos:${outcome.fault}` };
    }
    case 'malformed':
      return { plan: malformedPlan(input, outcome.fault), outcome: `chaos:${outcome.fault}` };
    case 'connection':
      switch (outcome.fault) {
        case 'connection_reset':
          return { plan: { kind: 'drop', status: 0, delayMs: 0 }, outcome: 'chaos:connection_reset' };
        case 'connection_failed':
          return { plan: { kind: 'drop', status: 0, delayMs: outcome.leadMs }, outcome: 'chaos:connection_failed' };
        case 'connection_stall': {
          // The response starts (status and headers), then nothing, then the reset.
          const head = { ...headers, 'content-type': isStream(input.decoded.request) ? CONTENT_TYPE[codec.framing(input.decoded)] : 'application/json' };
          return { plan: { kind: 'drop', status: 200, delayMs: outcome.startMs + outcome.stallMs, head: { atMs: outcome.startMs, headers: head } }, outcome: 'chaos:connection_stall' };
        }
        case 'timeout':
          if (outcome.reset) return { plan: { kind: 'drop', status: 0, delayMs: outcome.waitMs }, outcome: 'chaos:timeout' };
          return { plan: errorPlan(codec.encodeError({ status: 504, message: 'Request timed out.' }), headers, outcome.waitMs), outcome: 'chaos:timeout' };
        case 'slow_response':
          return { slow: outcome.delayMs };
        default: {
          const never: never = outcome;
          throw new Error(`unknown connection fault ${JSON.stringify(never)}`);
        }
      }
    default: {
      const never: never = outcome;
      throw new Error(`unknown chaos outcome ${JSON.stringify(never)}`);
    }
  }
}

function isStream(request: LlmRequest): boolean {
  return request.op === 'chat' && request.stream;
}

/**
 * A 200 that a client cannot use, in the route's format. Non-streaming: ChaosLLM's broken
 * JSON, the route's own body cut in half, an empty body, the route's body without its payload
 * (every array-valued field: `choices`, `content`, `candidates`, `output`, `data`), or HTML.
 * Streaming: the stream's first frame with that broken data (named like the route's frames,
 * so its SDK parses it rather than skipping it), an empty stream, or HTML.
 */
function malformedPlan<W>(input: ChaosRespondInput<W>, fault: MalformedFault): Plan {
  const { codec, decoded, headers } = input;
  if (fault === 'wrong_content_type') {
    headers['content-type'] = 'text/html; charset=utf-8';
    return { kind: 'body', status: 200, headers, body: WRONG_CONTENT_TYPE_BODY, delayMs: 0 };
  }
  const meta = responseMeta(codec.ids.response, input.seed, input.unixSeconds, decoded.request.model);
  if (isStream(decoded.request)) {
    const framing = codec.framing(decoded);
    if (fault === 'empty_body') return { kind: 'stream', status: 200, headers, framing, events: listOf([]), at: every(0), delayMs: 0, complete: false };
    const first = codec.encodeStream(toStreamParts(SAMPLE, 8), meta, decoded).get(0);
    const whole = eventData(first);
    const data = fault === 'invalid_json' ? INVALID_JSON : fault === 'truncated' ? whole.slice(0, Math.floor(whole.length / 2)) : stripPayload(whole);
    const event = first.event ?? codec.corruptEvent?.event;
    return { kind: 'stream', status: 200, headers, framing, events: listOf([event === undefined ? { data } : { event, data }]), at: every(0), delayMs: 0, complete: false };
  }
  headers['content-type'] = 'application/json';
  if (fault === 'empty_body') return { kind: 'body', status: 200, headers, body: '', delayMs: 0 };
  if (fault === 'invalid_json') return { kind: 'body', status: 200, headers, body: INVALID_JSON, delayMs: 0 };
  const body = decoded.request.op === 'embed' && codec.encodeEmbeddings ? codec.encodeEmbeddings({ vectors: [[0.6, 0.8]], usage: { inputTokens: 1 } }, meta, decoded) : codec.encodeBody(SAMPLE, meta, decoded);
  return { kind: 'body', status: 200, headers, body: fault === 'truncated' ? body.slice(0, Math.floor(body.length / 2)) : stripPayload(body), delayMs: 0 };
}

/** A JSON object without its array-valued fields (the payload), as JSON; other text as is. */
function stripPayload(json: string): string {
  try {
    const o = JSON.parse(json) as Record<string, unknown>;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return json;
    for (const k of Object.keys(o)) if (Array.isArray(o[k])) delete o[k];
    return JSON.stringify(o);
  } catch {
    return json;
  }
}
