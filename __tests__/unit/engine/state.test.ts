/** The server's mutable state: use counts, scenario states, the request counter, reset. */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import { EngineState } from '../../../src/engine/state.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import { findMatch } from '../../../src/fixture-set/match.js';
import type { FixtureSet } from '../../../src/fixture-set/types.js';

const req = (userMessage = 'hi') => chatRequest(userMessage);

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 's.yaml');

/** Match and commit, as the decide step does; returns the served fixture's name and outcome kind. */
function serve(state: EngineState, s: FixtureSet, userMessage = 'hi'): string | null {
  const hit = findMatch(s, req(userMessage), state);
  if (!hit) return null;
  state.commit(hit);
  const o = hit.outcome;
  return `${hit.fixture.name}:${o.kind === 'response' ? o.response.content : o.kind}`;
}

describe('EngineState', () => {
  it('starts empty: scenarios in "", no uses, request 0', () => {
    const st = new EngineState();
    expect(st.scenarioState('anything')).toBe('');
    expect(st.usesOf('any-key')).toBe(0);
    expect(st.requestCounter).toBe(0);
  });

  it('does not read inherited properties as state', () => {
    const st = new EngineState();
    expect(st.scenarioState('constructor')).toBe('');
    expect(st.usesOf('__proto__')).toBe(0);
  });

  it('hands out request numbers from 0', () => {
    const st = new EngineState();
    expect([st.nextRequestNumber(), st.nextRequestNumber(), st.nextRequestNumber()]).toEqual([0, 1, 2]);
    expect(st.requestCounter).toBe(3);
  });

  it('commit counts a use per fixture key', () => {
    const s = set({ name: 'a', match: { user_message: 'a' }, response: { content: 'x' } }, { name: 'b', match: { user_message: 'b' }, response: { content: 'y' } });
    const st = new EngineState();
    serve(st, s, 'a');
    serve(st, s, 'a');
    serve(st, s, 'b');
    expect(st.usesOf(s.fixtures[0].key)).toBe(2);
    expect(st.usesOf(s.fixtures[1].key)).toBe(1);
    expect(st.uses.size).toBe(2);
  });

  it('a sequence advances one item per commit and repeats its last', () => {
    const s = set({ name: 'seq', sequence: [{ response: { content: 'one' } }, { response: { content: 'two' } }, { error: { status: 503 } }] });
    const st = new EngineState();
    expect([1, 2, 3, 4, 5].map(() => serve(st, s))).toEqual(['seq:one', 'seq:two', 'seq:error', 'seq:error', 'seq:error']);
    expect(st.usesOf(s.fixtures[0].key)).toBe(5);
  });

  it('times: served that many times, then the next fixture takes over', () => {
    const s = set({ name: 'limited', times: 2, response: { content: 'L' } }, { name: 'fallback', response: { content: 'F' } });
    const st = new EngineState();
    expect([1, 2, 3, 4].map(() => serve(st, s))).toEqual(['limited:L', 'limited:L', 'fallback:F', 'fallback:F']);
  });

  it('scenario: set_state moves the scenario, required_state gates on it, no set_state leaves it', () => {
    const s = set(
      { name: 'login', scenario: { name: 'flow', required_state: '', set_state: 'in' }, response: { content: 'welcome' } },
      { name: 'peek', match: { user_message: 'peek' }, scenario: { name: 'flow', required_state: 'in' }, response: { content: 'still in' } },
      { name: 'logout', scenario: { name: 'flow', required_state: 'in', set_state: 'out' }, response: { content: 'bye' } },
      { name: 'done', scenario: { name: 'flow', required_state: 'out' }, response: { content: 'closed' } },
    );
    const st = new EngineState();
    expect(serve(st, s)).toBe('login:welcome');
    expect(st.scenarioState('flow')).toBe('in');
    expect(serve(st, s, 'peek')).toBe('peek:still in');
    expect(st.scenarioState('flow')).toBe('in');
    expect(serve(st, s)).toBe('logout:bye');
    expect(st.scenarioState('flow')).toBe('out');
    expect(serve(st, s)).toBe('done:closed');
    expect(serve(st, s)).toBe('done:closed');
    expect([...st.scenarios]).toEqual([['flow', 'out']]);
  });

  it('a transition may go back to "" (an explicit state, not a deletion)', () => {
    const s = set(
      { name: 'a', scenario: { name: 'loop', required_state: '', set_state: 'b' }, response: { content: '1' } },
      { name: 'b', scenario: { name: 'loop', required_state: 'b', set_state: '' }, response: { content: '2' } },
    );
    const st = new EngineState();
    expect([1, 2, 3, 4].map(() => serve(st, s))).toEqual(['a:1', 'b:2', 'a:1', 'b:2']);
    expect([...st.scenarios]).toEqual([['loop', '']]);
  });

  it('reset clears scenarios, uses and the request counter', () => {
    const s = set({ name: 'once', times: 1, scenario: { name: 'sc', set_state: 'x' }, response: { content: 'o' } });
    const st = new EngineState();
    st.nextRequestNumber();
    st.nextRequestNumber();
    expect(serve(st, s)).toBe('once:o');
    expect(serve(st, s)).toBeNull();
    st.reset();
    expect(st.requestCounter).toBe(0);
    expect(st.uses.size).toBe(0);
    expect(st.scenarios.size).toBe(0);
    expect(st.scenarioState('sc')).toBe('');
    expect(st.nextRequestNumber()).toBe(0);
    expect(serve(st, s)).toBe('once:o');
  });
});
