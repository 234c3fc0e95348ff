/**
 * From a decision to a plan: encode the answer with the provider's codec (a body, or stream
 * parts -> events), apply the fixture's faults, and say how the writer should send it. Pure,
 * like decide: the same decision, request and seed always give the same plan.
 */
import type { ResponseMeta } from '../canonical/answer.js';
import type { ChatRequest, LlmRequest } from '../canonical/request.js';
import { toStreamParts } from '../canonical/stream-parts.js';
import type { Codec, Decoded, EncodedError } from '../providers/codec.js';
import { seededHex } from '../random/rng.js';
import type { RequestSeed } from '../random/request-seed.js';
import { listOf } from '../stream/event-list.js';
import { every, type Plan } from '../stream/plan.js';
import type { ChatDecision, Decision } from './decide.js';
import { planStream } from './stream-plan.js';

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
}

export interface Responded {
  plan: Plan;
  /** Short label for logs: response | stream | stream_truncated | error:429 | refusal | corrupt_body | no_match */
  outcome: string;
}

/** A ready error response as a plan, the request's own headers added. */
export function errorPlan(e: EncodedError, headers: Record<string, string>): Plan {
  return { kind: 'body', status: e.status, headers: { ...e.headers, ...headers }, body: e.body, delayMs: 0 };
}

/** Response ids hash the request's `ids` sub-seed: they replay with the request. */
export function responseMeta(prefix: string, seed: RequestSeed, unixSeconds: number, model: string): ResponseMeta {
  return { id: prefix + seededHex(seed.sub('ids'), 'response', 0, 24), created: unixSeconds, model };
}

/**
 * The 404 for a request no fixture matched, in the provider's shape; with `diagnostics` the
 * error also names the nearest fixture and which fields passed. The prompt is never echoed.
 */
export function noMatch(codec: Codec<unknown>, request: LlmRequest, decision: Extract<Decision, { kind: 'unmatched' }>, diagnostics: boolean, headers: Record<string, string>): Responded {
  const message = `No fixture matched for model='${request.model}' (${decision.checked} fixtures checked)`;
  let diag: Record<string, unknown> | undefined;
  if (diagnostics) {
    const near = decision.nearMiss();
    diag = {
      nearest: near
        ? { fixture: near.fixture.id, name: near.fixture.name ?? null, location: `${near.fixture.location.file}:${near.fixture.location.line}`, fields: near.checks }
        : null,
    };
  }
  return { plan: errorPlan(codec.encodeError({ status: 404, message }, diag), headers), outcome: 'no_match' };
}

/** @example const { plan } = respond({ decision, codec, decoded, seed, unixSeconds: 0, headers: {} }) */
export function respond<W>(input: RespondInput<W>): Responded {
  const { decision, codec, decoded, seed } = input;
  const req = decoded.request as ChatRequest;
  const { headers } = input;
  headers['x-llmposter-fixture'] = decision.fixture.id;
  switch (decision.kind) {
    case 'error': {
      const { status, message, headers: extra } = decision.error;
      return { plan: errorPlan(codec.encodeError({ status, message, headers: extra }), headers), outcome: `error:${status}` };
    }
    case 'refusal': {
      if (req.stream) {
        const message = `Fixture ${decision.fixture.id} is a refusal, which is only served to non-streaming requests; send stream: false or use a response fixture.`;
        return { plan: errorPlan(codec.encodeError({ status: 400, message }), headers), outcome: 'error:400' };
      }
      const meta = responseMeta(codec.ids.response, seed, input.unixSeconds, req.model);
      return { plan: jsonPlan(codec.encodeBody(decision.answer, meta, decoded), headers, 0), outcome: 'refusal' };
    }
    case 'answer': {
      const { answer, streaming, failure } = decision;
      const delayMs = failure?.latencyMs ?? 0;
      if (failure?.corruptBody) {
        // Overrides truncation and disconnect: the client gets 200 and garbage, at once.
        if (!req.stream) headers['content-type'] = 'text/plain; charset=utf-8';
        const plan: Plan = req.stream
          ? { kind: 'stream', status: 200, headers, framing: codec.framing(decoded), events: listOf([{ data: CORRUPT_BODY }]), at: every(0), delayMs, complete: true }
          : { kind: 'body', status: 200, headers, body: CORRUPT_BODY, delayMs };
        return { plan, outcome: 'corrupt_body' };
      }
      const meta = responseMeta(codec.ids.response, seed, input.unixSeconds, req.model);
      if (!req.stream) return { plan: jsonPlan(codec.encodeBody(answer, meta, decoded), headers, delayMs), outcome: 'response' };
      const events = codec.encodeStream(toStreamParts(answer, streaming.chunkSize), meta, decoded);
      const s = planStream(events, streaming, failure, seed);
      const plan: Plan = {
        kind: 'stream',
        status: 200,
        headers,
        framing: codec.framing(decoded),
        events: s.events,
        at: s.at,
        delayMs,
        disconnectAtMs: s.disconnectAtMs,
        complete: !s.truncated,
      };
      return { plan, outcome: s.truncated ? 'stream_truncated' : 'stream' };
    }
  }
}

function jsonPlan(body: string, headers: Record<string, string>, delayMs: number): Plan {
  headers['content-type'] = 'application/json';
  return { kind: 'body', status: 200, headers, body, delayMs };
}
