/**
 * Replaying `raw:` recordings, pure: when decide picks the recording over the fixture's answer,
 * and the plan it becomes (a `raw`-framed stream at the recorded offsets, or a body after the
 * last offset), with the fixture's faults applied to the recorded chunks.
 */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import type { EmbedRequest, LlmRequest } from '../../../src/canonical/request.js';
import { decide, type Decision } from '../../../src/engine/decide.js';
import { embed } from '../../../src/engine/embed.js';
import { rawPlan } from '../../../src/engine/raw-plan.js';
import { respond, type Responded } from '../../../src/engine/respond.js';
import { EngineState } from '../../../src/engine/state.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import type { FailureSpec, FixtureSet, RawSpec } from '../../../src/fixture-set/types.js';
import { openAiChatCodec } from '../../../src/providers/openai-chat/codec.js';
import { requestSeed } from '../../../src/random/request-seed.js';
import { toArray } from '../../../src/stream/event-list.js';
import { closeFraming, frameEvent } from '../../../src/stream/framing.js';
import type { Plan, StreamPlan } from '../../../src/stream/plan.js';

const set = (...fixtures: object[]): FixtureSet => loadFixturesFromObject({ fixtures }, 'r.yaml');
const run = (fixtures: FixtureSet, request: LlmRequest, state = new EngineState()): Decision => decide({ request, fixtures, state, seed: requestSeed(7), toolCallIdPrefix: 'call_' });
const embedRequest = (inputs: string[]): EmbedRequest => ({ op: 'embed', provider: 'openai', model: 'e', metadata: Object.create(null) as Record<string, string>, headers: {}, body: {}, inputs });

const SSE_RAW = { stream: true, status: 200, headers: { 'content-type': 'text/event-stream', 'x-request-id': 'upstream-id', 'openai-model': 'gpt-4o-2024' }, chunks: [{ at_ms: 5, data: 'data: {"a":1}\n\n' }, { at_ms: 5, data: 'data: {"b":2}\n\n' }, { at_ms: 40, data: 'data: [DONE]\n\n' }] };
const BODY_RAW = { stream: false, status: 200, headers: { 'content-type': 'application/json' }, chunks: [{ at_ms: 100, data: '{"recorded":' }, { at_ms: 130, data: 'true}' }] };

const spec = (raw: object): RawSpec => {
  const [o] = set({ response: { content: 'x' }, raw }).fixtures[0].outcomes;
  if (o.kind === 'refusal' || !o.raw) throw new Error('no raw');
  return o.raw;
};

/** What a stream plan writes, event by event, and when. */
function written(plan: Plan): Array<[number, string]> {
  if (plan.kind !== 'stream') throw new Error(`expected a stream plan, got ${plan.kind}`);
  return toArray(plan.events).map((e, i) => [plan.at.get(i), frameEvent(plan.framing, e, i)]);
}

describe('decide with raw:', () => {
  const fixtures = set(
    { match: { user_message: 'sse' }, response: { content: 'the stream', usage: { input_tokens: 12, output_tokens: 3, reasoning_tokens: 1 } }, failure: { truncate_after_frames: 2 }, raw: SSE_RAW },
    { match: { user_message: 'body' }, response: { content: 'the body' }, raw: BODY_RAW },
    { match: { user_message: 'limited' }, error: { status: 429 }, failure: { latency_ms: 9 }, raw: { stream: false, status: 429, chunks: [{ at_ms: 0, data: '{"error":{}}' }] } },
    { match: { user_message: 'vec' }, response: { embedding: [1, 0], usage: { input_tokens: 77 } }, raw: { stream: false, status: 200, chunks: [{ at_ms: 0, data: '{"data":[]}' }] } },
  );

  it('the recording answers the stream flag it was recorded with, with the recorded usage and the fixture\'s faults', () => {
    const d = run(fixtures, chatRequest('sse', { stream: true }));
    expect(d.kind).toBe('raw');
    if (d.kind !== 'raw') return;
    expect(d.raw.chunks.map((c) => c.atMs)).toEqual([5, 5, 40]);
    expect(d.usage).toEqual({ inputTokens: 12, outputTokens: 3, reasoningTokens: 1 });
    expect(d.failure).toEqual({ truncateAfterFrames: 2, probability: 1 });
  });

  it('the other stream flag gets the fixture\'s own answer', () => {
    const d = run(fixtures, chatRequest('sse', { stream: false }));
    expect(d.kind).toBe('answer');
    expect(d.kind === 'answer' && d.answer.parts).toEqual([{ type: 'text', text: 'the stream' }]);
    const b = run(fixtures, chatRequest('body', { stream: true }));
    expect(b.kind === 'answer' && b.answer.parts).toEqual([{ type: 'text', text: 'the body' }]);
  });

  it('without usage a recording reports no tokens (nothing is counted in bytes replayed as they are)', () => {
    const d = run(fixtures, chatRequest('body'));
    expect(d.kind === 'raw' && d.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('beside an error: the error\'s latency_ms delays the recording', () => {
    const d = run(fixtures, chatRequest('limited'));
    expect(d.kind === 'raw' && [d.raw.status, d.failure]).toEqual([429, { latencyMs: 9, probability: 1 }]);
    expect(run(fixtures, chatRequest('limited', { stream: true })).kind).toBe('error');
  });

  it('raw: false (jobs) always gets the answer; a sequence advances either way', () => {
    const d = decide({ request: chatRequest('body'), fixtures, state: new EngineState(), seed: requestSeed(7), toolCallIdPrefix: 'call_', raw: false });
    expect(d.kind).toBe('answer');
    const seq = set({ sequence: [{ response: { content: 'one' }, raw: BODY_RAW }, { response: { content: 'two' } }] });
    const state = new EngineState();
    expect(run(seq, chatRequest('x'), state).kind).toBe('raw');
    expect(run(seq, chatRequest('x'), state).kind).toBe('answer');
  });

  it('embeddings: a one-input request gets the recording; several inputs each get their vector', () => {
    const one = embed({ request: embedRequest(['vec']), fixtures, state: new EngineState(), seed: requestSeed(1), serverSeed: 1 });
    expect(one.kind === 'raw' && one.usage).toEqual({ inputTokens: 77, outputTokens: 0 });
    const two = embed({ request: embedRequest(['vec', 'vec']), fixtures, state: new EngineState(), seed: requestSeed(1), serverSeed: 1 });
    expect(two.kind === 'vectors' && [two.vectors, two.inputTokens]).toEqual([[[1, 0], [1, 0]], 154]);
  });
});

describe('rawPlan', () => {
  it('a stream: the recorded status and chunks, verbatim, at the recorded offsets; our own headers win', () => {
    const headers = { 'x-request-id': 'ours', 'x-llmposter-seed': '7' };
    const { plan, outcome } = rawPlan(spec(SSE_RAW), undefined, requestSeed(1), headers);
    expect(outcome).toBe('raw_stream');
    expect(plan).toMatchObject({ kind: 'stream', status: 200, framing: 'raw', delayMs: 0, complete: true });
    expect(written(plan)).toEqual([[5, 'data: {"a":1}\n\n'], [5, 'data: {"b":2}\n\n'], [40, 'data: [DONE]\n\n']]);
    expect((plan as StreamPlan).headers).toEqual({ 'x-request-id': 'ours', 'x-llmposter-seed': '7', 'content-type': 'text/event-stream', 'openai-model': 'gpt-4o-2024' });
    expect((plan as StreamPlan).disconnectAtMs).toBeUndefined();
  });

  it('not streamed: one body of the chunks joined, sent at the last chunk\'s offset plus latency_ms', () => {
    const { plan, outcome } = rawPlan(spec(BODY_RAW), { latencyMs: 20, probability: 1 }, requestSeed(1), {});
    expect(outcome).toBe('raw');
    expect(plan).toEqual({ kind: 'body', status: 200, headers: { 'content-type': 'application/json' }, body: '{"recorded":true}', delayMs: 150 });
  });

  it('a recorded error status is logged as that error', () => {
    expect(rawPlan(spec({ stream: false, status: 503, chunks: [{ at_ms: 0, data: 'x' }] }), undefined, requestSeed(1), {}).outcome).toBe('error:503');
    expect(rawPlan(spec({ ...SSE_RAW, status: 429 }), undefined, requestSeed(1), {}).outcome).toBe('error:429');
  });

  const faults: Array<[string, FailureSpec, Array<[number, string]>, Partial<StreamPlan>, string]> = [
    ['truncate_after_frames counts recorded chunks', { truncateAfterFrames: 2, probability: 1 }, [[5, 'data: {"a":1}\n\n'], [5, 'data: {"b":2}\n\n']], { complete: false }, 'stream_truncated'],
    ['disconnect_after_ms: the socket dies at that offset', { disconnectAfterMs: 30, probability: 1 }, [[5, 'data: {"a":1}\n\n'], [5, 'data: {"b":2}\n\n'], [40, 'data: [DONE]\n\n']], { disconnectAtMs: 30 }, 'raw_stream'],
    ['latency_ms delays everything', { latencyMs: 250, probability: 1 }, [[5, 'data: {"a":1}\n\n'], [5, 'data: {"b":2}\n\n'], [40, 'data: [DONE]\n\n']], { delayMs: 250 }, 'raw_stream'],
    [
      'duplicate_frames: each chunk twice, back to back',
      { duplicateFrames: true, probability: 1 },
      [[5, 'data: {"a":1}\n\n'], [5, 'data: {"a":1}\n\n'], [5, 'data: {"b":2}\n\n'], [5, 'data: {"b":2}\n\n'], [40, 'data: [DONE]\n\n'], [40, 'data: [DONE]\n\n']],
      {},
      'raw_stream',
    ],
  ];
  it.each(faults)('%s', (_, failure, expected, fields, outcome) => {
    const r = rawPlan(spec(SSE_RAW), failure, requestSeed(1), {});
    expect(written(r.plan)).toEqual(expected);
    expect(r.plan).toMatchObject(fields);
    expect(r.outcome).toBe(outcome);
  });
});

describe('respond with a raw decision (OpenAI chat codec)', () => {
  const respondTo = (fixture: object, stream: boolean): Responded => {
    const request = chatRequest('x', { stream });
    const decision = run(set(fixture), request);
    if (decision.kind !== 'raw') throw new Error(`expected raw, got ${decision.kind}`);
    const decoded = openAiChatCodec.decode({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream }, { headers: {}, params: {}, query: new URLSearchParams() });
    if (!decoded.ok) throw new Error('decode failed');
    return respond({ decision, codec: openAiChatCodec, decoded: decoded.decoded, seed: requestSeed(3), unixSeconds: 0, headers: { 'x-request-id': 'r' } });
  };

  it('stream_error: the provider\'s own error frame after the recorded chunks it lets through', () => {
    const r = respondTo({ response: { content: 'x', usage: { output_tokens: 4 } }, failure: { stream_error: { after_frames: 1, status: 500, message: 'boom' } }, raw: SSE_RAW }, true);
    expect(r.outcome).toBe('stream_error');
    expect(r.usage).toEqual({ inputTokens: 0, outputTokens: 4 });
    const frames = written(r.plan);
    expect(frames.slice(0, 1)).toEqual([[5, 'data: {"a":1}\n\n']]);
    expect(frames).toHaveLength(2);
    expect(frames[1][1]).toMatch(/^data: \{"error":\{"message":"boom"/);
    expect(frames[1][1].endsWith('\n\n')).toBe(true);
    expect((r.plan as StreamPlan).headers).toMatchObject({ 'x-request-id': 'r', 'x-llmposter-fixture': 'r.yaml#0', 'content-type': 'text/event-stream' });
  });

  it('hang_ms and corrupt_body replace the recording as they replace any answer', () => {
    expect(respondTo({ response: { content: 'x' }, failure: { hang_ms: 100 }, raw: BODY_RAW }, false)).toMatchObject({ plan: { kind: 'drop', delayMs: 100 }, outcome: 'hang' });
    const corrupt = respondTo({ response: { content: 'x' }, failure: { corrupt_body: true }, raw: BODY_RAW }, false);
    expect(corrupt).toMatchObject({ plan: { kind: 'body', status: 200, body: 'overloaded' }, outcome: 'corrupt_body' });
  });
});

describe('the raw framing', () => {
  it('writes each event\'s data as it is, wherever it falls, and closes nothing', () => {
    const data = 'event: x\r\ndata: {"é":1}\n\n[';
    expect(frameEvent('raw', { data }, 0)).toBe(data);
    expect(frameEvent('raw', { data, event: 'ignored' }, 5)).toBe(data);
    expect(closeFraming('raw', 3)).toBe('');
  });
});
