/**
 * Which pacing a response gets (precedence), and the planned timings: TTFT before the first
 * content frame, TBT before each later one, structure frames riding with content frames, bodies
 * waiting TTFT + tokens x TBT. Checked on the plans respond() builds (pure: no clock, no sleep).
 */
import { describe, expect, it } from '@jest/globals';
import { Engine } from '../../../src/engine/engine.js';
import { respond } from '../../../src/engine/respond.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import { countTokens } from '../../../src/generate/tokens.js';
import { bodyDelayMs, pacedOffsets, pacingRng, resolvePacing, type Pacing, type ServerPacing } from '../../../src/pacing/pacing.js';
import { PROFILES } from '../../../src/pacing/profiles.js';
import { openAiChatCodec } from '../../../src/providers/openai-chat/codec.js';
import { anthropicCodec } from '../../../src/providers/anthropic/codec.js';
import { requestSeed } from '../../../src/random/request-seed.js';
import { eventList, listOf, toArray } from '../../../src/stream/event-list.js';
import type { StreamPlan } from '../../../src/stream/plan.js';
import { textChunks } from '../../../src/canonical/stream-parts.js';

const AUTO: ServerPacing = { profile: 'auto', promptMsPer1kTokens: 0 };
const fixed = (ttft: number, tbt: number, prompt = 0): Pacing => ({ ttft: { mean: ttft, stddev: 0 }, tbt: { mean: tbt, stddev: 0 }, promptMsPer1kTokens: prompt });

describe('resolvePacing: who decides', () => {
  it('off by default: no server profile and no fixture keys = no pacing', () => {
    expect(resolvePacing(undefined, false, undefined, 'gpt-4o')).toBeUndefined();
  });

  it('the server profile: auto by model id, or a fixed name', () => {
    expect(resolvePacing(undefined, false, AUTO, 'claude-haiku-4-5')).toEqual({ ...PROFILES['claude-haiku'], promptMsPer1kTokens: 0 });
    expect(resolvePacing(undefined, false, { profile: 'fast', promptMsPer1kTokens: 7 }, 'claude-haiku-4-5')).toEqual({ ...PROFILES.fast, promptMsPer1kTokens: 7 });
  });

  it('a fixture with its own streaming.latency keeps it: the server profile does not apply', () => {
    expect(resolvePacing(undefined, true, AUTO, 'gpt-4o')).toBeUndefined();
  });

  it('the fixture\'s keys win; a missing one comes from its profile, else the server\'s, else no delay', () => {
    const tbt = { mean: 5, stddev: 1 };
    expect(resolvePacing({ profile: 'gpt-5', tbt }, false, AUTO, 'claude-opus')).toEqual({ ttft: PROFILES['gpt-5'].ttft, tbt, promptMsPer1kTokens: 0 });
    expect(resolvePacing({ tbt }, false, AUTO, 'claude-opus')).toEqual({ ttft: PROFILES['claude-opus'].ttft, tbt, promptMsPer1kTokens: 0 });
    expect(resolvePacing({ tbt }, false, undefined, 'claude-opus')).toEqual({ ttft: { mean: 0, stddev: 0 }, tbt, promptMsPer1kTokens: 0 });
    expect(resolvePacing({ promptMsPer1kTokens: 3 }, false, { profile: 'gpt-4', promptMsPer1kTokens: 9 }, 'x')).toEqual({ ...PROFILES['gpt-4'], promptMsPer1kTokens: 3 });
  });
});

describe('pacedOffsets: when each event goes out', () => {
  // role, 3 text deltas, finish, [DONE]: as Chat Completions streams.
  const events = eventList([{ data: 'role' }, { chunks: textChunks('abc', 1), encode: (d) => d }, { data: 'finish' }, { data: '[DONE]' }]);

  it('structure frames go with the content frame after them; closing frames with the last content frame', () => {
    expect(toArray(events).map((e) => e.data)).toEqual(['role', 'a', 'b', 'c', 'finish', '[DONE]']);
    expect(Array.from(events.contentMask!())).toEqual([0, 1, 1, 1, 0, 0]);
    expect(Array.from(pacedOffsets(events, fixed(400, 25), 0, pacingRng(requestSeed(1))))).toEqual([400, 400, 425, 450, 450, 450]);
  });

  it('the prompt adds to the time to first token: 2,000 prompt tokens at 50 ms per 1k = 100 ms', () => {
    expect(Array.from(pacedOffsets(events, fixed(400, 25, 50), 2000, pacingRng(requestSeed(1))))).toEqual([500, 500, 525, 550, 550, 550]);
  });

  it('a reasoning model thinks first: 8 reasoning tokens at 25 ms TBT add 200 ms before the first token', () => {
    expect(Array.from(pacedOffsets(events, fixed(400, 25), 0, pacingRng(requestSeed(1)), 8))).toEqual([600, 600, 625, 650, 650, 650]);
  });

  it('a list without a content mask counts every event as content', () => {
    expect(Array.from(pacedOffsets(listOf([{ data: 'x' }, { data: 'y' }]), fixed(10, 1), 0, pacingRng(requestSeed(1))))).toEqual([10, 11]);
  });

  it('sampled gaps: the same seed gives the same offsets, another seed others; never decreasing', () => {
    const p = { ...PROFILES['gpt-4o'], promptMsPer1kTokens: 0 };
    const a = Array.from(pacedOffsets(events, p, 0, pacingRng(requestSeed(7))));
    expect(Array.from(pacedOffsets(events, p, 0, pacingRng(requestSeed(7))))).toEqual(a);
    expect(Array.from(pacedOffsets(events, p, 0, pacingRng(requestSeed(8))))).not.toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[i - 1]);
    expect(a[2] - a[1]).toBeGreaterThanOrEqual(1);
  });
});

describe('bodyDelayMs', () => {
  it('is TTFT + n x TBT', () => {
    expect(bodyDelayMs(fixed(400, 25), 0, 10, pacingRng(requestSeed(1)))).toBe(650);
    expect(bodyDelayMs(fixed(400, 25, 100), 3000, 2, pacingRng(requestSeed(1)))).toBe(750);
  });
});

/** A real chat request through the OpenAI codec, its decision from fixtures, and respond(). */
function plan(fixture: object, opts: { stream: boolean; seed?: number; pacing?: ServerPacing; model?: string; codec?: 'openai' | 'anthropic' }) {
  const engine = new Engine({ seed: 2112 });
  engine.setFixtures(loadFixturesFromObject({ fixtures: [fixture] }, 'p.yaml'));
  const codec = (opts.codec === 'anthropic' ? anthropicCodec : openAiChatCodec) as typeof openAiChatCodec;
  const body = opts.codec === 'anthropic'
    ? { model: opts.model ?? 'claude-haiku-4-5', max_tokens: 100, stream: opts.stream, messages: [{ role: 'user', content: 'hi' }] }
    : { model: opts.model ?? 'gpt-4o', stream: opts.stream, stream_options: opts.stream ? { include_usage: true } : undefined, messages: [{ role: 'user', content: 'hi' }] };
  const decoded = codec.decode(body, { headers: {}, params: {}, query: new URLSearchParams() });
  if (!decoded.ok) throw new Error(decoded.error.message);
  const seed = requestSeed(opts.seed ?? 1);
  const decision = engine.reply(decoded.decoded.request, seed);
  if (decision.kind !== 'answer') throw new Error(`expected an answer, got ${decision.kind}`);
  return respond({ decision, codec, decoded: decoded.decoded, seed, unixSeconds: 0, headers: {}, pacing: opts.pacing });
}

const TEXT = 'Pacing by tokens: each frame is one real o200k token, timed like the model.';
const times = (p: StreamPlan) => Array.from({ length: p.events.length }, (_, i) => p.at.get(i));
/** An event as written (a delta run's events carry their delta and the encoder that wraps it). */
const wire = (e: { data: string; encode?: (d: string) => string }) => (e.encode ? e.encode(e.data) : e.data);
const contentFrames = (p: StreamPlan) => toArray(p.events).filter((e) => wire(e).includes('"content":"') && !wire(e).includes('"content":""'));

describe('respond() with pacing', () => {
  it('no pacing anywhere: the stream is exactly as before (20-character chunks, no delay)', () => {
    const p = plan({ response: { content: TEXT } }, { stream: true }).plan as StreamPlan;
    expect(contentFrames(p)).toHaveLength(Math.ceil(TEXT.length / 20));
    expect(new Set(times(p))).toEqual(new Set([0]));
    expect(p.delayMs).toBe(0);
  });

  it('chunk_tokens: N: ceil(tokens / N) content frames, and usage counts the tokens streamed', () => {
    const k = countTokens(TEXT);
    for (const n of [1, 3, 4]) {
      const r = plan({ response: { content: TEXT }, streaming: { chunk_tokens: n } }, { stream: true });
      expect([n, contentFrames(r.plan as StreamPlan).length]).toEqual([n, Math.ceil(k / n)]);
      expect(r.usage!.outputTokens).toBe(k);
    }
  });

  it('a server profile streams one token a frame: TTFT to the first content frame, TBT between them', () => {
    const p = plan({ response: { content: TEXT } }, { stream: true, pacing: { profile: 'fast', promptMsPer1kTokens: 0 } }).plan as StreamPlan;
    const content = toArray(p.events).map((e, i) => [e, p.at.get(i)] as const).filter(([e]) => contentFrames({ ...p, events: listOf([e]) }).length === 1);
    expect(content).toHaveLength(countTokens(TEXT));
    // fast: TTFT 10 +- 2, TBT exactly 1.
    expect(content[0][1]).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < content.length; i++) expect(content[i][1] - content[i - 1][1]).toBe(1);
    // The role chunk goes out with the first token, the closing frames with the last.
    expect(p.at.get(0)).toBe(content[0][1]);
    expect(p.at.get(p.events.length - 1)).toBe(content.at(-1)![1]);
  });

  it('the same request seed plans the same timings on two servers; another seed other timings', () => {
    const fixture = { response: { content: TEXT }, streaming: { profile: 'gpt-4o' } };
    const a = times(plan(fixture, { stream: true, seed: 42 }).plan as StreamPlan);
    const b = times(plan(fixture, { stream: true, seed: 42 }).plan as StreamPlan);
    const c = times(plan(fixture, { stream: true, seed: 43 }).plan as StreamPlan);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // A sampled profile, not a constant: the gaps differ.
    const gaps = new Set(a.slice(2).map((t, i) => t - a[i + 1]));
    expect(gaps.size).toBeGreaterThan(3);
  });

  it('non-streaming waits TTFT + output tokens x TBT (after failure.latency_ms)', () => {
    const r = plan({ response: { content: TEXT }, streaming: { ttft_ms: 300, tbt_ms: 20 }, failure: { latency_ms: 5 } }, { stream: false });
    expect(r.plan.delayMs).toBe(5 + 300 + countTokens(TEXT) * 20);
  });

  it('a fixture\'s latency and chunk_size keep their meaning under a server profile', () => {
    const p = plan({ response: { content: TEXT }, streaming: { latency: 7, chunk_size: 10 } }, { stream: true, pacing: AUTO }).plan as StreamPlan;
    expect(contentFrames(p)).toHaveLength(Math.ceil(TEXT.length / 10));
    expect(times(p)).toEqual(times(p).map((_, i) => i * 7));
    // chunk_size alone: character chunks, profile timing.
    const q = plan({ response: { content: TEXT }, streaming: { chunk_size: 10, tbt_ms: 3, ttft_ms: 50 } }, { stream: true }).plan as StreamPlan;
    expect(contentFrames(q)).toHaveLength(Math.ceil(TEXT.length / 10));
    expect(q.at.get(q.events.length - 1)).toBe(50 + 3 * (Math.ceil(TEXT.length / 10) - 1));
  });

  it('Anthropic: the message_start / block frames wait for the first text delta', () => {
    const p = plan({ response: { content: TEXT } }, { stream: true, codec: 'anthropic', pacing: { profile: 'instant', promptMsPer1kTokens: 100 } }).plan as StreamPlan;
    const events = toArray(p.events);
    const deltas = events.filter((e) => e.event === 'content_block_delta');
    expect(deltas).toHaveLength(countTokens(TEXT));
    // instant: no TTFT, no TBT; only the prompt's share (its tokens x 0.1 ms), the same for every frame.
    expect(new Set(times(p)).size).toBe(1);
    expect(p.at.get(0)).toBeGreaterThan(0);
  });
});
