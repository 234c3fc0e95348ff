/** The decide step: match -> commit -> render, over fixtures loaded from YAML objects. */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import type { ChatRequest, EmbedRequest, LlmRequest } from '../../../src/canonical/request.js';
import { decide, toolCallId, type Decision } from '../../../src/engine/decide.js';
import { EngineState } from '../../../src/engine/state.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import type { FixtureSet } from '../../../src/fixture-set/types.js';
import { requestSeed } from '../../../src/random/request-seed.js';

const chat = chatRequest;

const embed = (inputs: string[]): EmbedRequest => ({ op: 'embed', provider: 'openai', model: 'e', metadata: Object.create(null) as Record<string, string>, headers: {}, body: {}, inputs });

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'd.yaml');

function run(fixtures: FixtureSet, request: LlmRequest, state = new EngineState(), seed = 7, prefix = 'call_'): Decision {
  return decide({ request, fixtures, state, seed: requestSeed(seed), toolCallIdPrefix: prefix });
}

describe('toolCallId', () => {
  it('is the prefix and 24 hex digits fixed by the request seed and the index', () => {
    expect(toolCallId(requestSeed(7), 'call_', 0)).toBe('call_41ab7132a857ede2b3f95a01');
    expect(toolCallId(requestSeed(7), 'call_', 1)).toBe('call_e00349e5450474b947030571');
    expect(toolCallId(requestSeed(7), 'toolu_', 0)).toBe('toolu_41ab7132a857ede2b3f95a01');
  });

  it('differs by seed and by index', () => {
    const ids = [toolCallId(requestSeed(7), '', 0), toolCallId(requestSeed(8), '', 0), toolCallId(requestSeed(7), '', 2)];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('decide', () => {
  it('answer: the rendered answer with the outcome\'s streaming and failure', () => {
    const s = set({ name: 'a', response: { content: 'hello' }, streaming: { latency: 5, chunk_size: 3 }, failure: { truncate_after_frames: 2 } });
    const d = run(s, chat());
    expect(d.kind).toBe('answer');
    if (d.kind !== 'answer') return;
    expect(d.fixture.name).toBe('a');
    expect(d.answer).toEqual({ parts: [{ type: 'text', text: 'hello' }], finish: { reason: 'stop' }, usage: { inputTokens: 8, outputTokens: 1 } });
    expect(d.streaming).toEqual({ latencyMs: 5, chunkSize: 3, latencyGiven: true, chunkSizeGiven: true });
    expect(d.failure).toEqual({ truncateAfterFrames: 2, probability: 1 });
  });

  it('answer without a failure block has failure undefined', () => {
    const d = run(set({ response: { content: 'x' } }), chat());
    expect(d.kind === 'answer' && d.failure).toBeUndefined();
    expect(d.kind).toBe('answer');
  });

  it('tool-call ids come from the request seed and the provider prefix', () => {
    const s = set({ response: { tool_calls: [{ name: 'a' }, { name: 'b' }] } });
    const ids = (d: Decision) => (d.kind === 'answer' ? d.answer.parts.map((p) => (p.type === 'tool_call' ? p.id : '-')) : []);
    expect(ids(run(s, chat(), new EngineState(), 7, 'call_'))).toEqual(['call_41ab7132a857ede2b3f95a01', 'call_e00349e5450474b947030571']);
    expect(ids(run(s, chat(), new EngineState(), 7, 'toolu_'))).toEqual(['toolu_41ab7132a857ede2b3f95a01', 'toolu_e00349e5450474b947030571']);
    const other = ids(run(s, chat(), new EngineState(), 8, 'call_'));
    expect(other).toHaveLength(2);
    expect(other[0]).not.toBe('call_41ab7132a857ede2b3f95a01');
  });

  it('error: the error spec, and the use is counted', () => {
    const s = set({ name: 'e', times: 1, error: { status: 429, message: 'slow', headers: { 'retry-after': 2 } } });
    const state = new EngineState();
    expect(run(s, chat(), state)).toEqual({ kind: 'error', fixture: s.fixtures[0], error: { status: 429, message: 'slow', headers: { 'retry-after': '2' } } });
    expect(state.usesOf(s.fixtures[0].key)).toBe(1);
    expect(run(s, chat(), state).kind).toBe('unmatched');
  });

  it('refusal: a refusal answer', () => {
    const d = run(set({ refusal: { reason: 'I cannot help' } }), chat());
    expect(d.kind === 'refusal' && d.answer).toEqual({ parts: [{ type: 'refusal', text: 'I cannot help' }], finish: { reason: 'refusal' }, usage: { inputTokens: 8, outputTokens: 3 } });
  });

  it('embedding: the fixture\'s vector for an embeddings request', () => {
    const s = set({ name: 'v', response: { embedding: [0.25, -0.5, 1] } });
    expect(run(s, embed(['x']))).toEqual({ kind: 'embedding', fixture: s.fixtures[0], vector: [0.25, -0.5, 1] });
  });

  it('a fixture with content and an embedding answers chat with text and embeddings with the vector', () => {
    const s = set({ response: { content: 'text', embedding: [1, 2] } });
    const c = run(s, chat());
    expect(c.kind === 'answer' && c.answer.parts).toEqual([{ type: 'text', text: 'text' }]);
    expect(run(s, embed(['q']))).toMatchObject({ kind: 'embedding', vector: [1, 2] });
  });

  it('an error fixture answers embeddings requests too', () => {
    expect(run(set({ error: { status: 500 } }), embed(['q']))).toMatchObject({ kind: 'error', error: { status: 500, message: 'Internal Server Error' } });
  });

  it('unmatched: how many fixtures were tried, and the near miss only when asked', () => {
    const s = set(
      { name: 'w', match: { user_message: 'weather' }, response: { content: 'x' } },
      { name: 'm', match: { model: 'claude', user_message: 'time' }, response: { content: 'x' } },
    );
    const state = new EngineState();
    const d = run(s, chat('hello'), state);
    expect(d.kind).toBe('unmatched');
    if (d.kind !== 'unmatched') return;
    expect(d.checked).toBe(2);
    const near = d.nearMiss();
    expect(near?.fixture.name).toBe('w');
    expect(near?.checks).toEqual([{ field: 'user_message', passed: false, expected: 'substring "weather"' }]);
    // Nothing was committed.
    expect(state.uses.size).toBe(0);
  });

  it('unmatched with no fixtures at all', () => {
    const d = run({ fixtures: [], files: [] }, chat());
    expect(d.kind === 'unmatched' && [d.checked, d.nearMiss()]).toEqual([0, null]);
  });

  it('advances state: a sequence moves on and a scenario transitions, decision by decision', () => {
    const s = set(
      { name: 'seq', match: { user_message: 'count' }, sequence: [{ response: { content: 'one' } }, { error: { status: 500 } }, { response: { content: 'three' } }] },
      { name: 'go', scenario: { name: 'sc', required_state: '', set_state: 'on' }, match: { user_message: 'go' }, response: { content: 'going' } },
      { name: 'on', scenario: { name: 'sc', required_state: 'on' }, match: { user_message: 'go' }, response: { content: 'already' } },
    );
    const state = new EngineState();
    const say = (text: string) => {
      const d = run(s, chat(text), state);
      return d.kind === 'answer' ? (d.answer.parts[0] as { text: string }).text : d.kind;
    };
    expect(['count', 'count', 'count', 'count'].map(say)).toEqual(['one', 'error', 'three', 'three']);
    expect(['go', 'go', 'go'].map(say)).toEqual(['going', 'already', 'already']);
    expect(state.scenarioState('sc')).toBe('on');
  });
});
