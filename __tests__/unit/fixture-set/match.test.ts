/** First-match-wins selection and the nearest-miss diagnostics, over fixtures loaded from YAML objects. */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import type { ChatRequest, EmbedRequest } from '../../../src/canonical/request.js';
import { EngineState } from '../../../src/engine/state.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import { findMatch, nearestMatch, type MatchState } from '../../../src/fixture-set/match.js';
import type { FixtureSet } from '../../../src/fixture-set/types.js';

const chat = (over: Parameters<typeof chatRequest>[1] = {}) => chatRequest('hi', over);

function embed(over: Partial<EmbedRequest> = {}): EmbedRequest {
  return { op: 'embed', provider: 'openai', model: 'text-embedding-3-small', metadata: Object.create(null) as Record<string, string>, headers: {}, body: {}, inputs: ['hi'], ...over };
}

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'm.yaml');
const fresh = () => new EngineState();
/** The name of the fixture that answers, or null. */
const winner = (s: FixtureSet, req: ChatRequest | EmbedRequest, state: MatchState = fresh()) => findMatch(s, req, state)?.fixture.name ?? null;

const meta = (o: Record<string, string>) => Object.assign(Object.create(null) as Record<string, string>, o);

describe('findMatch: each match key', () => {
  it.each<[string, object, Partial<ChatRequest>, boolean]>([
    ['user_message substring', { user_message: 'weather' }, { userMessage: 'what is the weather today' }, true],
    ['user_message substring is case-sensitive', { user_message: 'weather' }, { userMessage: 'WEATHER' }, false],
    ['user_message contains, ignore case', { user_message: { contains: 'weather', ignore_case: true } }, { userMessage: 'WEATHER?' }, true],
    ['user_message equals is whole', { user_message: { equals: 'hi' } }, { userMessage: 'hi there' }, false],
    ['model regex', { model: { regex: '^gpt-4' } }, { model: 'gpt-4o-mini' }, true],
    ['model regex is unanchored unless written so', { model: { regex: '4o' } }, { model: 'gpt-4o' }, true],
    ['model regex miss', { model: { regex: '^claude' } }, { model: 'gpt-4o' }, false],
    ['system_prompt', { system_prompt: 'pirate' }, { systemPrompt: 'You are a pirate.' }, true],
    ['system_prompt absent is empty text', { system_prompt: 'pirate' }, {}, false],
    ['tool_schema: any declared tool', { tool_schema: 'weather' }, { toolNames: ['search', 'get_weather'] }, true],
    ['tool_schema: no tools declared', { tool_schema: 'weather' }, { toolNames: [] }, false],
    ['headers: present and matching', { headers: { 'X-Tenant': 'acme' } }, { headers: { 'x-tenant': 'acme-corp' } }, true],
    ['headers: a missing header is a non-match', { headers: { 'X-Tenant': 'acme' } }, { headers: {} }, false],
    ['headers: a repeated header is joined with ", "', { headers: { 'X-List': { equals: 'a, b' } } }, { headers: { 'x-list': ['a', 'b'] } }, true],
    ['headers: an inherited name is not a header', { headers: { constructor: { regex: '.' } } }, { headers: {} }, false],
    ['metadata: present and matching', { metadata: { tier: 'gold' } }, { metadata: meta({ tier: 'gold' }) }, true],
    ['metadata: a missing key is a non-match', { metadata: { tier: 'gold' } }, {}, false],
    ['metadata: keys are case-sensitive', { metadata: { tier: 'gold' } }, { metadata: meta({ Tier: 'gold' }) }, false],
    ['temperature exact', { temperature: 0.5 }, { temperature: 0.5 }, true],
    ['temperature exact miss', { temperature: 0.5 }, { temperature: 0.6 }, false],
    ['temperature range, inclusive low end', { temperature: { min: 0.2, max: 0.8 } }, { temperature: 0.2 }, true],
    ['temperature range, inclusive high end', { temperature: { min: 0.2, max: 0.8 } }, { temperature: 0.8 }, true],
    ['temperature range, above', { temperature: { min: 0.2, max: 0.8 } }, { temperature: 0.81 }, false],
    ['temperature min only', { temperature: { min: 1 } }, { temperature: 2 }, true],
    ['temperature max only', { temperature: { max: 1 } }, { temperature: 0 }, true],
    ['temperature absent from the request is a non-match', { temperature: { max: 1 } }, {}, false],
    ['every key must pass (one fails)', { model: 'gpt', user_message: 'bye' }, {}, false],
    ['every key must pass (all pass)', { model: 'gpt', user_message: 'hi' }, {}, true],
  ])('%s', (_name, match, req, matches) => {
    const s = set({ name: 'f', match, response: { content: 'x' } });
    expect(winner(s, chat(req))).toBe(matches ? 'f' : null);
  });

  it('an embeddings request: its inputs, joined by newline, stand in for the user message', () => {
    const s = set({ name: 'e', match: { user_message: { regex: '^one\\ntwo$' } }, response: { embedding: [1] } });
    expect(winner(s, embed({ inputs: ['one', 'two'] }))).toBe('e');
    expect(winner(s, embed({ inputs: ['one two'] }))).toBeNull();
  });

  it('an embeddings request has no system prompt, tools or temperature to match', () => {
    for (const match of [{ system_prompt: 'x' }, { tool_schema: 'x' }, { temperature: { min: 0 } }]) {
      expect([match, winner(set({ name: 'e', match, response: { embedding: [1] } }), embed())]).toEqual([match, null]);
    }
  });
});

describe('findMatch: gates and order', () => {
  it('takes the first match in the set\'s order: priority, then file order, catch-alls last', () => {
    const s = set(
      { name: 'catch', catch_all: true, priority: 100, response: { content: 'x' } },
      { name: 'first', match: { user_message: 'hi' }, response: { content: 'x' } },
      { name: 'second', match: { user_message: 'hi' }, response: { content: 'x' } },
      { name: 'urgent', priority: 2, match: { user_message: 'hi' }, response: { content: 'x' } },
    );
    expect(winner(s, chat())).toBe('urgent');
    expect(winner(s, chat({ userMessage: 'other' }))).toBe('catch');
    expect(winner(set(...[1, 2].map((i) => ({ name: `f${i}`, response: { content: 'x' } }))), chat())).toBe('f1');
  });

  it('no fixtures, no match', () => {
    expect(findMatch({ fixtures: [], files: [] }, chat(), fresh())).toBeNull();
  });

  it('skips a fixture that cannot serve the operation', () => {
    const s = set({ name: 'emb', response: { embedding: [1, 2] } }, { name: 'chat', response: { content: 'x' } });
    expect(winner(s, chat())).toBe('chat');
    expect(winner(s, embed())).toBe('emb');
    // An error fixture serves both.
    expect(winner(set({ name: 'err', error: { status: 500 } }), embed())).toBe('err');
    // A refusal only serves chat.
    expect(winner(set({ name: 'no', refusal: { reason: 'no' } }), embed())).toBeNull();
  });

  it('a provider restriction', () => {
    const s = set({ name: 'anth', provider: 'anthropic', response: { content: 'x' } });
    expect(winner(s, chat({ provider: 'anthropic' }))).toBe('anth');
    expect(winner(s, chat({ provider: 'openai' }))).toBeNull();
  });

  it('a required scenario state (initial state is "")', () => {
    const s = set(
      { name: 'start', scenario: { name: 'flow', required_state: '' }, response: { content: 'x' } },
      { name: 'later', scenario: { name: 'flow', required_state: 'two' }, response: { content: 'x' } },
      { name: 'any', scenario: { name: 'flow' }, response: { content: 'x' } },
    );
    const state = fresh();
    expect(winner(s, chat(), state)).toBe('start');
    state.scenarios.set('flow', 'two');
    expect(winner(s, chat(), state)).toBe('later');
    state.scenarios.set('flow', 'three');
    expect(winner(s, chat(), state)).toBe('any');
    state.scenarios.set('other', '');
    expect(winner(s, chat(), state)).toBe('any');
  });

  it('times: a fixture stops matching after that many uses', () => {
    const s = set({ name: 'twice', times: 2, response: { content: 'x' } }, { name: 'after', response: { content: 'y' } });
    const key = s.fixtures[0].key;
    const state = fresh();
    expect(winner(s, chat(), state)).toBe('twice');
    state.uses.set(key, 1);
    expect(winner(s, chat(), state)).toBe('twice');
    state.uses.set(key, 2);
    expect(winner(s, chat(), state)).toBe('after');
  });

  it('a sequence: the use count picks the outcome and the last one repeats', () => {
    const s = set({ name: 'seq', sequence: [{ error: { status: 500 } }, { response: { content: 'b' } }, { refusal: { reason: 'c' } }] });
    const key = s.fixtures[0].key;
    const state = fresh();
    const at = (uses: number) => {
      state.uses.set(key, uses);
      const hit = findMatch(s, chat(), state)!;
      return [hit.use, hit.outcome.kind];
    };
    expect([0, 1, 2, 3, 10].map(at)).toEqual([
      [0, 'error'],
      [1, 'response'],
      [2, 'refusal'],
      [3, 'refusal'],
      [10, 'refusal'],
    ]);
  });

  it('changes nothing: matching twice gives the same hit and leaves the state as it was', () => {
    const s = set({ name: 'f', times: 1, scenario: { name: 's', set_state: 'x' }, response: { content: 'x' } });
    const state = fresh();
    expect(findMatch(s, chat(), state)?.use).toBe(0);
    expect(findMatch(s, chat(), state)?.use).toBe(0);
    expect([...state.uses]).toEqual([]);
    expect([...state.scenarios]).toEqual([]);
    expect(state.requestCounter).toBe(0);
  });
});

describe('nearestMatch', () => {
  it('is null for an empty set', () => {
    expect(nearestMatch({ fixtures: [], files: [] }, chat(), fresh())).toBeNull();
  });

  it('reports every field of the closest fixture, passed or not, with what was expected', () => {
    const s = set(
      { name: 'far', match: { model: 'claude', user_message: 'weather' }, response: { content: 'x' } },
      { name: 'near', match: { model: { equals: 'gpt-4o' }, user_message: 'weather', system_prompt: { regex: '^You', ignore_case: true }, tool_schema: { contains: 'search' } }, response: { content: 'x' } },
    );
    const near = nearestMatch(s, chat({ systemPrompt: 'you are nice', toolNames: ['web_search'] }), fresh());
    expect(near?.fixture.name).toBe('near');
    expect(near?.checks).toEqual([
      { field: 'model', passed: true, expected: 'equals "gpt-4o"' },
      { field: 'user_message', passed: false, expected: 'substring "weather"' },
      { field: 'system_prompt', passed: true, expected: 'regex /^You/i' },
      { field: 'tool_schema', passed: true, expected: 'contains "search"' },
    ]);
  });

  it('scores +2 per passed field and -3 per failed one; the first of equal scores wins', () => {
    // a: 1 pass, 1 fail = -1. b: 0 pass, 1 fail = -3. c: 2 pass, 1 fail = +1. d: same as c.
    const s = set(
      { name: 'a', match: { model: 'gpt', user_message: 'zzz' }, response: { content: 'x' } },
      { name: 'b', match: { user_message: 'zzz' }, response: { content: 'x' } },
      { name: 'c', match: { model: 'gpt', system_prompt: 'sys', user_message: 'zzz' }, response: { content: 'x' } },
      { name: 'd', match: { model: 'gpt', system_prompt: 'sys', user_message: 'zzz' }, response: { content: 'x' } },
    );
    expect(nearestMatch(s, chat({ systemPrompt: 'sys' }), fresh())?.fixture.name).toBe('c');
    // Without c and d, a (-1) beats b (-3) although b comes first once reordered by priority.
    const s2 = set({ name: 'b', priority: 1, match: { user_message: 'zzz' }, response: { content: 'x' } }, { name: 'a', match: { model: 'gpt', user_message: 'zzz' }, response: { content: 'x' } });
    expect(nearestMatch(s2, chat(), fresh())?.fixture.name).toBe('a');
    // A failed gate counts like a failed field: three (+1) beats gated (1 pass, 1 fail = -1).
    const s3 = set(
      { name: 'three', match: { model: 'gpt', system_prompt: 'sys', user_message: 'zzz' }, response: { content: 'x' } },
      { name: 'gated', provider: 'anthropic', match: { model: 'gpt' }, response: { content: 'x' } },
    );
    expect(nearestMatch(s3, chat({ systemPrompt: 'sys' }), fresh())?.fixture.name).toBe('three');
  });

  it('includes the gates: operation, provider, scenario state and times', () => {
    const s = set({ name: 'g', provider: 'gemini', times: 1, scenario: { name: 'flow', required_state: 'ready' }, match: { model: 'gpt' }, response: { embedding: [1] } });
    const state = fresh();
    state.uses.set(s.fixtures[0].key, 1);
    expect(nearestMatch(s, chat(), state)?.checks).toEqual([
      { field: 'operation', passed: false, expected: 'embed' },
      { field: 'provider', passed: false, expected: 'gemini' },
      { field: 'scenario.flow', passed: false, expected: 'state "ready"' },
      { field: 'times', passed: false, expected: 'fewer than 1 uses' },
      { field: 'model', passed: true, expected: 'substring "gpt"' },
    ]);
  });

  it('names headers, metadata and temperature fields, and describes temperature ranges', () => {
    const check = (temperature: unknown) =>
      nearestMatch(set({ match: { headers: { 'X-A': 'a' }, metadata: { k: 'v' }, temperature }, response: { content: 'x' } }), chat({ temperature: 0.5 }), fresh())?.checks;
    expect(check(0.7)).toEqual([
      { field: 'headers.x-a', passed: false, expected: 'substring "a"' },
      { field: 'metadata.k', passed: false, expected: 'substring "v"' },
      { field: 'temperature', passed: false, expected: '0.7' },
    ]);
    expect(check({ min: 0.2 })?.[2]).toEqual({ field: 'temperature', passed: true, expected: '[0.2, +inf]' });
    expect(check({ max: 0.1 })?.[2]).toEqual({ field: 'temperature', passed: false, expected: '[-inf, 0.1]' });
    expect(check({ min: 0, max: 1 })?.[2]).toEqual({ field: 'temperature', passed: true, expected: '[0, 1]' });
  });

  it('skips fixtures with nothing to check', () => {
    const s = set({ name: 'plain', response: { content: 'x' } }, { name: 'emb', response: { embedding: [1] } });
    // emb has no check at all (no match keys, serves embed), so it is skipped; plain fails its operation gate (-3) and is reported.
    expect(nearestMatch(s, embed({ inputs: ['q'] }), fresh())?.fixture.name).toBe('plain');
    expect(nearestMatch(set({ name: 'plain', response: { content: 'x' } }), chat(), fresh())).toBeNull();
  });
});
