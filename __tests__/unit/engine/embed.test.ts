/** The embeddings decide step: one vector per input, each input matched on its own. */
import { describe, expect, it } from '@jest/globals';
import { countTokens as o200kCount } from 'gpt-tokenizer/encoding/o200k_base';
import type { EmbedRequest } from '../../../src/canonical/request.js';
import { embed, type EmbedDecision } from '../../../src/engine/embed.js';
import { EngineState } from '../../../src/engine/state.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import type { FixtureSet } from '../../../src/fixture-set/types.js';
import { generatedEmbedding } from '../../../src/generate/embedding.js';
import { requestSeed } from '../../../src/random/request-seed.js';

const request = (inputs: string[], extra: Partial<EmbedRequest> = {}): EmbedRequest => ({
  op: 'embed',
  provider: 'openai',
  model: 'text-embedding-3-small',
  metadata: Object.create(null) as Record<string, string>,
  headers: {},
  body: {},
  inputs,
  ...extra,
});

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'e.yaml');

function run(fixtures: FixtureSet, req: EmbedRequest, state = new EngineState(), seed = 7, serverSeed = 2112): EmbedDecision {
  return embed({ request: req, fixtures, state, seed: requestSeed(seed), serverSeed });
}

function vectors(d: EmbedDecision) {
  if (d.kind !== 'vectors') throw new Error(`expected vectors, got ${d.kind}`);
  return d;
}

describe('embed', () => {
  it('one vector per input, in input order: fixture vectors where a fixture matches, generated ones elsewhere', () => {
    const s = set({ name: 'fox', match: { user_message: 'fox' }, response: { embedding: [0.25, -0.5] } });
    const d = vectors(run(s, request(['hello', 'the fox', 'bye'])));
    expect(d.vectors).toHaveLength(3);
    expect(d.vectors[0]).toEqual(generatedEmbedding(2112, 'text-embedding-3-small', 'hello', 1536));
    expect(d.vectors[1]).toEqual([0.25, -0.5]);
    expect(d.vectors[2]).toEqual(generatedEmbedding(2112, 'text-embedding-3-small', 'bye', 1536));
    expect(d.fixtures.map((f) => f?.name ?? null)).toEqual([null, 'fox', null]);
  });

  it('user_message sees each input alone, not the inputs joined', () => {
    const s = set({ match: { user_message: { equals: 'b' } }, response: { embedding: [1] } });
    expect(vectors(run(s, request(['a', 'b', 'a b']))).vectors.map((v) => v.length)).toEqual([1536, 1, 1536]);
  });

  it('generated vectors have the requested dimensions, 1536 by default; fixture vectors keep their own length', () => {
    const s = set({ match: { user_message: 'fixed' }, response: { embedding: [1, 0, 0, 0, 0] } });
    expect(vectors(run(s, request(['x', 'fixed'], { dimensions: 3 }))).vectors.map((v) => v.length)).toEqual([3, 5]);
    expect(vectors(run(s, request(['x']))).vectors[0]).toHaveLength(1536);
  });

  it('inputTokens adds up each input counted with the o200k tokenizer', () => {
    const d = vectors(run(set(), request(['Hello, world!', 'The quick brown fox'])));
    expect(d.inputTokens).toBe(o200kCount('Hello, world!') + o200kCount('The quick brown fox'));
    expect(d.inputTokens).toBe(4 + 4);
  });

  it('an input that matches an error fixture makes the whole request that error', () => {
    const s = set({ name: 'boom', match: { user_message: 'poison' }, error: { status: 429, message: 'Slow down' } });
    const d = run(s, request(['fine', 'poison pill', 'fine too']));
    expect(d).toMatchObject({ kind: 'error', fixture: { name: 'boom' }, error: { status: 429, message: 'Slow down' } });
  });

  it('chat-only fixtures are skipped: their inputs get generated vectors', () => {
    const s = set({ match: { user_message: 'hello' }, response: { content: 'Hi!' } });
    const d = vectors(run(s, request(['hello'])));
    expect(d.fixtures).toEqual([null]);
    expect(d.vectors[0]).toHaveLength(1536);
  });

  it('times counts inputs: a times-1 fixture answers the first matching input only', () => {
    const s = set({ match: { user_message: 'q' }, times: 1, response: { embedding: [9] } });
    expect(vectors(run(s, request(['q1', 'q2']))).vectors.map((v) => v.length)).toEqual([1, 1536]);
  });

  it('a sequence advances once per input', () => {
    const s = set({ match: { user_message: 'q' }, sequence: [{ response: { embedding: [1] } }, { response: { embedding: [2] } }] });
    expect(vectors(run(s, request(['q', 'q', 'q']))).vectors).toEqual([[1], [2], [2]]);
  });

  it('scenarios move once per matched input', () => {
    const s = set(
      { match: { user_message: 'q' }, scenario: { name: 's', required_state: '', set_state: 'one' }, response: { embedding: [1] } },
      { match: { user_message: 'q' }, scenario: { name: 's', required_state: 'one', set_state: 'two' }, response: { embedding: [2] } },
    );
    const state = new EngineState();
    expect(vectors(run(s, request(['q', 'q']), state)).vectors).toEqual([[1], [2]]);
    expect(state.scenarioState('s')).toBe('two');
  });

  it('provider restricts: a provider: azure fixture does not answer an openai request, and does answer an azure one', () => {
    const s = set({ provider: 'azure', response: { embedding: [7] } });
    expect(vectors(run(s, request(['x']))).vectors[0]).toHaveLength(1536);
    expect(vectors(run(s, request(['x'], { provider: 'azure' }))).vectors).toEqual([[7]]);
  });

  it('generated vectors depend on the server seed, the model and the text, not on the request seed or the position', () => {
    const a = vectors(run(set(), request(['one', 'two']), new EngineState(), 1)).vectors;
    const b = vectors(run(set(), request(['two', 'one']), new EngineState(), 99)).vectors;
    expect(a[0]).toEqual(b[1]);
    expect(a[1]).toEqual(b[0]);
    const otherServer = vectors(run(set(), request(['one']), new EngineState(), 1, 2113)).vectors[0];
    const otherModel = vectors(run(set(), request(['one'], { model: 'text-embedding-3-large' }))).vectors[0];
    expect(otherServer).not.toEqual(a[0]);
    expect(otherModel).not.toEqual(a[0]);
  });
});
