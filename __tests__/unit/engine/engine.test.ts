/** The running engine: per-request seeds, reply(), fixture swaps, model ids. */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import { Engine } from '../../../src/engine/engine.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import type { FixtureSet } from '../../../src/fixture-set/types.js';
import { rootSeedFor } from '../../../src/random/request-seed.js';

const chat = (userMessage = 'hi') => chatRequest(userMessage);

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'e.yaml');

describe('Engine.nextSeed', () => {
  it('the Nth request\'s root derives from the server seed and N (fixed values)', () => {
    const e = new Engine({ seed: 2112 });
    expect([e.nextSeed().root, e.nextSeed().root]).toEqual([3903903823, 1335658639]);
    expect(new Engine({ seed: 1 }).nextSeed().root).toBe(138349442);
  });

  it('follows rootSeedFor for every request number', () => {
    const e = new Engine({ seed: 99 });
    const roots = Array.from({ length: 5 }, () => e.nextSeed().root);
    expect(roots).toEqual([0, 1, 2, 3, 4].map((n) => rootSeedFor(99, n)));
    expect(new Set(roots).size).toBe(5);
  });

  it('an override becomes the root, and the request still takes its number', () => {
    const e = new Engine({ seed: 2112 });
    const a = e.nextSeed();
    const b = e.nextSeed(123);
    const c = e.nextSeed();
    expect([a.root, b.root, c.root]).toEqual([rootSeedFor(2112, 0), 123, rootSeedFor(2112, 2)]);
    expect(e.state.requestCounter).toBe(3);
  });

  it('an override of 0 is an override', () => {
    const e = new Engine({ seed: 2112 });
    expect(e.nextSeed(0).root).toBe(0);
    expect(e.nextSeed(4294967295).root).toBe(4294967295);
  });

  it('an overridden seed gives the same sub-seeds whatever the server seed or request number', () => {
    const x = new Engine({ seed: 1 });
    const y = new Engine({ seed: 2 });
    y.nextSeed();
    y.nextSeed();
    const sx = x.nextSeed(555);
    const sy = y.nextSeed(555);
    expect(sy.sub('ids')).toBe(sx.sub('ids'));
    expect(sy.sub('jitter')).toBe(sx.sub('jitter'));
    expect(sx.sub('ids')).not.toBe(sx.sub('jitter'));
  });

  it('reset of the state restarts the numbering', () => {
    const e = new Engine({ seed: 2112 });
    e.nextSeed();
    e.nextSeed();
    e.state.reset();
    expect(e.nextSeed().root).toBe(rootSeedFor(2112, 0));
  });

  it('keeps its options', () => {
    expect(new Engine({ seed: 5 }).opts).toEqual({ seed: 5 });
  });
});

describe('Engine.reply', () => {
  it('with no fixtures, every request is unmatched', () => {
    const e = new Engine({ seed: 1 });
    expect(e.fixtures).toEqual({ fixtures: [], files: [] });
    const d = e.reply(chat(), e.nextSeed());
    expect(d.kind === 'unmatched' && d.checked).toBe(0);
  });

  it('answers from the current fixtures, tool-call ids with the default prefix call_', () => {
    const e = new Engine({ seed: 2112 });
    e.setFixtures(set({ response: { tool_calls: [{ name: 'f' }] } }));
    const d = e.reply(chat(), e.nextSeed(7));
    expect(d.kind === 'answer' && d.answer.parts).toEqual([{ type: 'tool_call', id: 'call_41ab7132a857ede2b3f95a01', name: 'f', argumentsJson: '{}' }]);
    const d2 = e.reply(chat(), e.nextSeed(7), 'toolu_');
    expect(d2.kind === 'answer' && d2.answer.parts[0]).toMatchObject({ id: 'toolu_41ab7132a857ede2b3f95a01' });
  });

  it('the same seed override replays the same ids on another engine', () => {
    const ids = (seed: number, override: number) => {
      const e = new Engine({ seed });
      e.setFixtures(set({ response: { tool_calls: [{ name: 'f' }, { name: 'g' }] } }));
      e.nextSeed();
      const d = e.reply(chat(), e.nextSeed(override));
      return d.kind === 'answer' ? d.answer.parts.map((p) => (p.type === 'tool_call' ? p.id : '')) : [];
    };
    const a = ids(1, 42);
    expect(a).toHaveLength(2);
    expect(ids(2, 42)).toEqual(a);
    expect(ids(1, 43)).not.toEqual(a);
  });

  it('a fixture swap keeps state: counters of unchanged fixtures and scenario states survive', () => {
    const e = new Engine({ seed: 1 });
    const fixtures = [
      { name: 'seq', match: { user_message: 'seq' }, sequence: [{ response: { content: '1' } }, { response: { content: '2' } }, { response: { content: '3' } }] },
      { name: 'sc', match: { user_message: 'sc' }, scenario: { name: 's', set_state: 'done' }, response: { content: 'ok' } },
    ];
    e.setFixtures(set(...fixtures));
    const text = (msg: string) => {
      const d = e.reply(chat(msg), e.nextSeed());
      return d.kind === 'answer' ? (d.answer.parts[0] as { text: string }).text : d.kind;
    };
    expect([text('seq'), text('sc')]).toEqual(['1', 'ok']);
    // Reload with the same fixtures plus a new one: the sequence goes on where it was.
    e.setFixtures(set(...fixtures, { name: 'new', match: { user_message: 'new' }, response: { content: 'fresh' } }));
    expect([text('seq'), text('new')]).toEqual(['2', 'fresh']);
    expect(e.state.scenarioState('s')).toBe('done');
    // Reload with the sequence edited: its key changes, so it starts over.
    e.setFixtures(set({ ...fixtures[0], sequence: [{ response: { content: 'A' } }, { response: { content: 'B' } }] }));
    expect([text('seq'), text('seq')]).toEqual(['A', 'B']);
  });

  it('the swapped-in set is what fixtures returns', () => {
    const e = new Engine({ seed: 1 });
    const s = set({ response: { content: 'x' } });
    e.setFixtures(s);
    expect(e.fixtures).toBe(s);
  });
});

describe('Engine.modelIds', () => {
  it('lists the fixtures\' literal model patterns once each, in set order', () => {
    const e = new Engine({ seed: 1 });
    e.setFixtures(
      set(
        { match: { model: 'gpt-4o' }, response: { content: 'x' } },
        { match: { model: { regex: '^claude' } }, response: { content: 'x' } },
        { match: { model: { equals: 'o3' } }, response: { content: 'x' } },
        { match: { model: { contains: 'mini' } }, response: { content: 'x' } },
        { match: { model: { equals: 'Loud', ignore_case: true } }, response: { content: 'x' } },
        { match: { model: 'gpt-4o' }, response: { content: 'y' } },
        { match: { user_message: 'no model' }, response: { content: 'x' } },
        { priority: 1, match: { model: 'first-by-priority' }, response: { content: 'x' } },
      ),
    );
    expect(e.modelIds()).toEqual(['first-by-priority', 'gpt-4o', 'o3']);
  });

  it('is empty with no fixtures', () => {
    expect(new Engine({ seed: 1 }).modelIds()).toEqual([]);
  });
});

describe('Engine runtime fixtures', () => {
  const runtimeSet = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'runtime-1');
  const answerOf = (e: Engine, msg: string) => {
    const d = e.reply(chat(msg), e.nextSeed());
    return d.kind === 'answer' ? d.answer.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : d.kind;
  };

  it('match before the file fixtures, and a new file set keeps them', () => {
    const e = new Engine({ seed: 1 });
    e.setFixtures(set({ priority: 9, match: { user_message: 'hi' }, response: { content: 'file' } }));
    e.setRuntimeFixtures(runtimeSet({ match: { user_message: 'hi' }, response: { content: 'runtime' } }));
    expect(answerOf(e, 'hi')).toBe('runtime');
    e.setFixtures(set({ match: { user_message: 'hi' }, response: { content: 'file 2' } }, { match: { model: 'gpt-x' }, response: { content: 'x' } }));
    expect(answerOf(e, 'hi')).toBe('runtime');
    expect(e.fixtures.fixtures.map((f) => f.id)).toEqual(['runtime-1#0', 'e.yaml#0', 'e.yaml#1']);
    expect(e.fixtures.files).toEqual(['e.yaml']);
    expect(e.modelIds()).toEqual(['gpt-x']);
    e.setRuntimeFixtures({ fixtures: [], files: [] });
    expect(answerOf(e, 'hi')).toBe('file 2');
    expect(e.runtimeFixtures).toEqual([]);
  });
});
