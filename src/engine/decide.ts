/**
 * The decide step: match -> render -> encode -> plan. No I/O, no clock, no global randomness:
 * everything comes in through `DecideInput`, so the same input always yields the same plan.
 * (It does advance `state`: scenario transitions, use counts and counters.)
 */
import type { CanonicalRequest } from '../canonical/request.js';
import type { NeutralMessage, ResponseMeta } from '../canonical/response.js';
import { hasChaos, planStream } from '../engine/stream-plan.js';
import { createRng, deriveSeed, seededHex } from '../random/rng.js';
import { commitMatch, findMatch, nearestMatch } from '../fixture-set/match.js';
import { renderRefusal, renderResponse } from '../fixture-set/render.js';
import type { EngineState } from '../engine/state.js';
import type { FixtureSet, Outcome } from '../fixture-set/types.js';
import type { Codec } from '../providers/codec.js';
import type { EncodedError } from '../providers/openai/errors.js';
import type { Plan } from '../stream/writer.js';

export interface DecideInput {
  codec: Codec;
  request: CanonicalRequest;
  fixtures: FixtureSet;
  state: EngineState;
  /** The server seed (`--seed`). */
  seed: number;
  /** A request's `x-llmposter-seed` header: replay exactly that request's randomness. */
  seedOverride?: number;
  /** For `created`; the caller reads the clock. */
  unixSeconds: number;
  diagnostics: boolean;
}

export interface Decision {
  plan: Plan;
  /** The seed this request's randomness came from (reported in `x-llmposter-seed`). */
  requestSeed: number;
  /** The fixture that answered, if any. */
  fixtureId?: string;
  /** Short outcome label for logs: response | stream | error:429 | refusal | no_match ... */
  outcome: string;
}

const CORRUPT_BODY = 'overloaded';

function errorPlan(e: EncodedError, extraHeaders: Record<string, string>, delayMs = 0): Plan {
  return { kind: 'body', status: e.status, headers: { ...e.headers, ...extraHeaders }, body: e.body, delayMs };
}

/** Pick the seed for this request (REFERENCE §2 + our replay header). */
function requestSeedFor(input: DecideInput, outcome: Outcome | undefined, responseNo: number): number {
  if (input.seedOverride !== undefined) return input.seedOverride;
  if (outcome?.kind === 'response' && input.request.stream && hasChaos(outcome.failure)) {
    if (outcome.failure?.chaosSeed !== undefined) return outcome.failure.chaosSeed;
    // Counter of chaos-bearing streaming requests only: reproducible for a fixed order.
    return deriveSeed(input.seed, 'chaos', input.state.chaosCounter++);
  }
  return deriveSeed(input.seed, 'request', responseNo);
}

/** @example const { plan } = decide({ codec, request, fixtures, state, seed: 2112, unixSeconds: 0, diagnostics: false }) */
export function decide(input: DecideInput): Decision {
  const { codec, request: req, fixtures, state } = input;
  const responseNo = state.responseCounter++;
  const hit = findMatch(fixtures, req, state);
  const requestSeed = requestSeedFor(input, hit?.outcome, responseNo);
  const headers: Record<string, string> = { 'x-llmposter-seed': String(requestSeed) };

  if (!hit) {
    const message = `No fixture matched for model='${req.model}' (${fixtures.fixtures.length} fixtures checked)`;
    let diag: Record<string, unknown> | undefined;
    if (input.diagnostics) {
      const near = nearestMatch(fixtures, req, state);
      diag = {
        nearest: near
          ? {
              fixture: near.fixture.id,
              name: near.fixture.name ?? null,
              location: `${near.fixture.location.file}:${near.fixture.location.line}`,
              fields: near.checks,
            }
          : null,
      };
    }
    return { plan: errorPlan(codec.encodeError({ status: 404, message }, diag), headers), requestSeed, outcome: 'no_match' };
  }

  commitMatch(hit, state);
  headers['x-llmposter-fixture'] = hit.fixture.id;
  const fixtureId = hit.fixture.id;
  const outcome = hit.outcome;

  if (outcome.kind === 'error') {
    const e = codec.encodeError({ status: outcome.error.status, message: outcome.error.message, headers: outcome.error.headers });
    return { plan: errorPlan(e, headers), requestSeed, fixtureId, outcome: `error:${outcome.error.status}` };
  }

  // Ids depend on the server seed and the response number only, so bodies replay byte for byte.
  const meta: ResponseMeta = { id: codec.idPrefix + seededHex(input.seed, 'ids', responseNo, 24), created: input.unixSeconds, model: req.model };

  if (outcome.kind === 'refusal') {
    if (req.stream) {
      const e = codec.encodeError({
        status: 400,
        message: `Fixture ${fixtureId} is a refusal, which is only served to non-streaming requests; send stream: false or use a response fixture.`,
      });
      return { plan: errorPlan(e, headers), requestSeed, fixtureId, outcome: 'error:400' };
    }
    return { plan: bodyPlan(codec, renderRefusal(outcome.reason, req), meta, headers, 0), requestSeed, fixtureId, outcome: 'refusal' };
  }

  const { failure, streaming } = outcome;
  // Tool-call ids: a generator only for answers that have them.
  const msg = renderResponse(outcome.response, req, () => createRng(deriveSeed(input.seed, 'tool-call-ids', responseNo)));
  const delayMs = failure?.latencyMs ?? 0;

  if (failure?.corruptBody) {
    // Overrides truncation and disconnect: the client gets 200 and garbage, at once.
    const plan: Plan = req.stream
      ? { kind: 'stream', status: 200, headers, frames: [`data: ${CORRUPT_BODY}\n\n`], at: [0], delayMs }
      : { kind: 'body', status: 200, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: CORRUPT_BODY, delayMs };
    return { plan, requestSeed, fixtureId, outcome: 'corrupt_body' };
  }

  if (!req.stream) return { plan: bodyPlan(codec, msg, meta, headers, delayMs), requestSeed, fixtureId, outcome: 'response' };

  const frames = codec.encodeStream(msg, meta, { chunkSize: streaming.chunkSize, includeUsage: req.includeUsage });
  const s = planStream(frames, streaming, failure, requestSeed);
  const plan: Plan = { kind: 'stream', status: 200, headers, frames: s.frames, at: s.at, delayMs, disconnectAtMs: s.disconnectAtMs };
  const label = s.frames.length < frames.length * (s.chaosActive && failure?.duplicateFrames ? 2 : 1) ? 'stream_truncated' : 'stream';
  return { plan, requestSeed, fixtureId, outcome: label };
}

function bodyPlan(codec: Codec, msg: NeutralMessage, meta: ResponseMeta, headers: Record<string, string>, delayMs: number): Plan {
  return { kind: 'body', status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: codec.encodeBody(msg, meta), delayMs };
}
