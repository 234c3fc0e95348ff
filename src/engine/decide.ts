/**
 * The decide step: match -> commit -> render, for any operation. No I/O, no clock, no global
 * randomness: everything comes in through `DecideInput` (it does advance `state`: use counts
 * and scenario transitions). It says what the answer is, not how it goes on the wire: that is
 * `respond.ts`. A request no fixture matches comes back as `unmatched`, so the caller picks
 * what happens then (a 404 today; a generated answer or a proxied one later).
 */
import type { Answer, Usage } from '../canonical/answer.js';
import type { LlmRequest } from '../canonical/request.js';
import { findMatch, nearestMatch, type NearestMatch } from '../fixture-set/match.js';
import { renderAnswer, renderRefusal } from '../fixture-set/render.js';
import type { ErrorSpec, FailureSpec, Fixture, FixtureSet, Outcome, RawSpec, StreamingSpec } from '../fixture-set/types.js';
import { createRng, seededHex } from '../random/rng.js';
import type { RequestSeed } from '../random/request-seed.js';
import type { EngineState } from './state.js';

export interface DecideInput {
  request: LlmRequest;
  fixtures: FixtureSet;
  state: EngineState;
  seed: RequestSeed;
  /** The provider's tool-call id prefix (`call_`, `toolu_` ...). */
  toolCallIdPrefix: string;
  /**
   * Whether a fixture's `raw:` may answer (default true). False where one recorded body cannot be
   * the whole answer (an embeddings request with several inputs, each matched on its own).
   */
  raw?: boolean;
}

export type Decision =
  | {
      kind: 'unmatched';
      /** How many fixtures were tried. */
      checked: number;
      /** The nearest fixture and which fields failed; computed only when asked for. */
      nearMiss(): NearestMatch | null;
    }
  | { kind: 'error'; fixture: Fixture; error: ErrorSpec }
  | { kind: 'refusal'; fixture: Fixture; answer: Answer }
  | { kind: 'answer'; fixture: Fixture; answer: Answer; streaming: StreamingSpec; failure?: FailureSpec }
  | {
      kind: 'embedding';
      fixture: Fixture;
      vector: number[];
      /** The fixture's `usage.input_tokens`, when it gives one. */
      inputTokens?: number;
    }
  | {
      /** The fixture's verbatim recording, sent as it is (see engine/raw-plan.ts). */
      kind: 'raw';
      fixture: Fixture;
      raw: RawSpec;
      /** The outcome's faults (an error's `latency_ms` included). */
      failure?: FailureSpec;
      /** From the response's `usage:` (0 where it gives none): nothing is counted in a recording. */
      usage: Usage;
    };

/** A decision that answers a chat request. */
export type ChatDecision = Extract<Decision, { kind: 'error' | 'refusal' | 'answer' | 'raw' }>;

/**
 * Tool-call id `index` of a request: hashed from the request's `ids` sub-seed, so ids replay
 * with the request and no generator is built.
 */
export function toolCallId(seed: RequestSeed, prefix: string, index: number): string {
  return prefix + seededHex(seed.sub('ids'), 'tool-call', index, 24);
}

/** @example const d = decide({ request, fixtures, state, seed: requestSeed(7), toolCallIdPrefix: 'call_' }) */
export function decide(input: DecideInput): Decision {
  const { request: req, fixtures, state } = input;
  const hit = findMatch(fixtures, req, state);
  if (!hit) return { kind: 'unmatched', checked: fixtures.fixtures.length, nearMiss: () => nearestMatch(fixtures, req, state) };
  state.commit(hit);
  const { fixture, outcome } = hit;
  if (outcome.kind !== 'refusal' && outcome.raw && input.raw !== false && outcome.raw.stream === (req.op === 'chat' && req.stream)) {
    return rawDecision(fixture, outcome, outcome.raw);
  }
  switch (outcome.kind) {
    case 'error':
      return { kind: 'error', fixture, error: outcome.error };
    case 'refusal':
      // Fixtures serving embeddings never hold refusals (see Fixture.serves).
      return req.op === 'chat' ? { kind: 'refusal', fixture, answer: renderRefusal(outcome.reason, req) } : unreachable(fixture);
    case 'response':
      if (req.op === 'embed') {
        const { embedding, usage } = outcome.response;
        if (!embedding) return unreachable(fixture);
        return usage?.inputTokens === undefined ? { kind: 'embedding', fixture, vector: embedding } : { kind: 'embedding', fixture, vector: embedding, inputTokens: usage.inputTokens };
      }
      return {
        kind: 'answer',
        fixture,
        answer: renderAnswer(outcome.response, req, (i) => toolCallId(input.seed, input.toolCallIdPrefix, i), () => createRng(input.seed.sub('generator'))),
        streaming: outcome.streaming,
        failure: outcome.failure,
      };
  }
}

/** A recording answers: its faults are the outcome's, its usage the recorded one (or none). */
function rawDecision(fixture: Fixture, outcome: Exclude<Outcome, { kind: 'refusal' }>, raw: RawSpec): Decision {
  if (outcome.kind === 'error') {
    const { latencyMs } = outcome.error;
    return latencyMs === undefined
      ? { kind: 'raw', fixture, raw, usage: { inputTokens: 0, outputTokens: 0 } }
      : { kind: 'raw', fixture, raw, failure: { latencyMs, probability: 1 }, usage: { inputTokens: 0, outputTokens: 0 } };
  }
  const u = outcome.response.usage;
  const usage: Usage = { inputTokens: u?.inputTokens ?? 0, outputTokens: u?.outputTokens ?? 0 };
  if (u?.reasoningTokens !== undefined) usage.reasoningTokens = u.reasoningTokens;
  return outcome.failure ? { kind: 'raw', fixture, raw, failure: outcome.failure, usage } : { kind: 'raw', fixture, raw, usage };
}

function unreachable(fixture: Fixture): never {
  throw new Error(`fixture ${fixture.id} matched an operation it does not serve`);
}
