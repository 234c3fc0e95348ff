/**
 * The decide step for embeddings requests: one vector per input. Each input is matched on its
 * own (its text is what `user_message` sees), so one request can mix fixture vectors and
 * generated ones; `times`, `sequence` and scenarios advance once per input. An input that
 * matches an `error` fixture makes the whole request that error. An input no fixture answers
 * gets a generated vector (see generate/embedding.ts) rather than a 404: embeddings are mostly
 * plumbing in the apps under test, and a stable vector is what their tests need.
 */
import type { EmbedRequest } from '../canonical/request.js';
import type { Usage } from '../canonical/answer.js';
import type { FixtureSet, ErrorSpec, FailureSpec, Fixture, RawSpec } from '../fixture-set/types.js';
import { countTokens } from '../generate/tokens.js';
import { DEFAULT_EMBEDDING_DIMENSIONS, generatedEmbedding } from '../generate/embedding.js';
import type { RequestSeed } from '../random/request-seed.js';
import { decide } from './decide.js';
import type { EngineState } from './state.js';

export interface EmbedInput {
  request: EmbedRequest;
  fixtures: FixtureSet;
  state: EngineState;
  seed: RequestSeed;
  /** The server seed: generated vectors depend on it, not on the request number. */
  serverSeed: number;
}

export type EmbedDecision =
  | { kind: 'error'; fixture: Fixture; error: ErrorSpec }
  /** A single-input request answered by a fixture's verbatim recording (`raw:`). */
  | { kind: 'raw'; fixture: Fixture; raw: RawSpec; failure?: FailureSpec; usage: Usage }
  | {
      kind: 'vectors';
      /** One per input, in input order. */
      vectors: number[][];
      inputTokens: number;
      /** The fixture each vector came from (null: generated), for logs and the response header. */
      fixtures: Array<Fixture | null>;
    };

/** @example embed({ request, fixtures, state, seed, serverSeed: 2112 }).kind // 'vectors' */
export function embed(input: EmbedInput): EmbedDecision {
  const { request: req } = input;
  const vectors: number[][] = [];
  const from: Array<Fixture | null> = [];
  let inputTokens = 0;
  for (const text of req.inputs) {
    // One recorded body answers one input: with several inputs each gets its fixture's vector.
    const d = decide({ request: { ...req, inputs: [text] }, fixtures: input.fixtures, state: input.state, seed: input.seed, toolCallIdPrefix: '', raw: req.inputs.length === 1 });
    switch (d.kind) {
      case 'error':
        return { kind: 'error', fixture: d.fixture, error: d.error };
      case 'raw':
        return d;
      case 'embedding':
        vectors.push(d.vector);
        from.push(d.fixture);
        inputTokens += d.inputTokens ?? countTokens(text);
        continue;
      case 'unmatched':
        vectors.push(generatedEmbedding(input.serverSeed, req.model, text, req.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS));
        from.push(null);
        break;
      default:
        // Fixtures that serve embeddings answer with an embedding or an error (Fixture.serves).
        throw new Error(`fixture ${d.fixture.id} answered an embeddings request with ${d.kind}`);
    }
    inputTokens += countTokens(text);
  }
  return { kind: 'vectors', vectors, inputTokens, fixtures: from };
}
