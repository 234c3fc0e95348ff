/**
 * Streamed and non-streamed Responses against recorded traces (byte for byte), then the same
 * bytes read by the official SDK: its SSE iterator and its `ResponseStream` accumulator (what
 * `client.responses.stream()` ends up with). Mid-stream errors: `error` then `response.failed`,
 * numbered on from the last event written, whatever cut the stream.
 */
import { describe, expect, it } from '@jest/globals';
import { APIError } from 'openai';
import type { Answer } from '../../../../src/canonical/answer.js';
import { toStreamParts } from '../../../../src/canonical/stream-parts.js';
import type { Decoded } from '../../../../src/providers/codec.js';
import { responsesCodec } from '../../../../src/providers/openai-responses/codec.js';
import type { ResponsesWire } from '../../../../src/providers/openai-responses/decode-request.js';
import { BoundedResponseStore } from '../../../../src/providers/openai-responses/store.js';
import { doubled, followedBy, limited } from '../../../../src/stream/event-list.js';
import { parseSse } from '../../../helpers/server.js';
import { responseSummary, sdkResponseEvents, sdkResponseStream } from '../../../helpers/openai-responses-sdk.js';
import { streamWireText } from '../../../helpers/wire.js';
import { CHUNK_SIZE, GREETING, TEXT_ANSWER } from '../../../traces/answers.js';
import { readResponsesTrace, RESPONSES_META, RESPONSES_TRACES, TRACE_REQUEST } from '../../../traces/openai-responses/cases.js';

function decoded(stream: boolean, store?: BoundedResponseStore): Decoded<ResponsesWire> {
  const r = responsesCodec.decode({ ...TRACE_REQUEST, stream }, { headers: {}, params: {}, query: new URLSearchParams(), responses: store });
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.decoded;
}

function streamText(answer: Answer, d = decoded(true)): string {
  return streamWireText(responsesCodec.encodeStream(toStreamParts(answer, CHUNK_SIZE), RESPONSES_META, d), responsesCodec.framing(d));
}

const cases = RESPONSES_TRACES.map((c) => [c.name, c] as const);

describe('Responses stream: recorded traces', () => {
  it.each(cases)('%s.sse is the exact wire text', (_name, c) => {
    expect(responsesCodec.framing(decoded(true))).toBe('sse');
    expect(streamText(c.answer)).toBe(readResponsesTrace(`${c.name}.sse`));
  });

  it.each(cases)('%s.sse: every frame names its event, and sequence_number counts from 0', (_name, c) => {
    const events = parseSse(readResponsesTrace(`${c.name}.sse`));
    expect(events.length).toBeGreaterThan(5);
    events.forEach((e, i) => {
      const data = JSON.parse(e.data);
      expect([e.event, data.sequence_number]).toEqual([data.type, i]);
    });
  });

  it.each(cases)('%s.sse read by the SDK iterator and its ResponseStream gives the answer back', async (_name, c) => {
    const text = readResponsesTrace(`${c.name}.sse`);
    const events = await sdkResponseEvents(text);
    expect(events.at(-1)?.type).toBe(c.expect.status === 'completed' ? 'response.completed' : 'response.incomplete');
    const { final, error } = await sdkResponseStream(text);
    expect(error).toBeUndefined();
    expect(responseSummary(final!)).toEqual(c.expect);
    expect(final!.id).toBe(RESPONSES_META.id);
  });

  it('a text answer streams in the documented order', () => {
    const types = parseSse(readResponsesTrace('text.sse')).map((e) => e.event);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array(4).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('tool arguments stream as function_call_arguments deltas, then .done with the name and whole arguments', () => {
    const events = parseSse(readResponsesTrace('tool-calls.sse')).map((e) => JSON.parse(e.data));
    const first = events.filter((e) => e.output_index === 0);
    expect(first.map((e) => e.type)).toEqual([
      'response.output_item.added',
      ...Array(4).fill('response.function_call_arguments.delta'),
      'response.function_call_arguments.done',
      'response.output_item.done',
    ]);
    expect(first[0].item).toEqual({ id: 'fc_trace000100', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_trace0001', name: 'get_weather' });
    expect(first.slice(1, 5).map((e) => e.delta)).toEqual(['{"cit', 'y":"P', 'aris"', '}']);
    expect(first[5]).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}', item_id: 'fc_trace000100' });
  });

  it('an incomplete response marks its last item incomplete and ends with response.incomplete', () => {
    const events = parseSse(readResponsesTrace('incomplete-length.sse')).map((e) => JSON.parse(e.data));
    const last = events.at(-1);
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(last.response.output[0].status).toBe('incomplete');
    expect(events.find((e) => e.type === 'response.output_item.done').item.status).toBe('incomplete');
  });

  it('the response echoes the request: instructions, metadata, model, store', () => {
    const created = JSON.parse(parseSse(readResponsesTrace('text.sse'))[0].data).response;
    expect(created).toMatchObject({ object: 'response', status: 'in_progress', instructions: 'Be brief.', metadata: { run: 'trace' }, model: 'gpt-4o-mini', store: true, output: [], usage: null });
  });
});

describe('Responses body: recorded traces', () => {
  it.each(cases)('%s.json is the exact body, and reads back as the answer', (_name, c) => {
    const body = responsesCodec.encodeBody(c.answer, RESPONSES_META, decoded(false));
    expect(body).toBe(readResponsesTrace(`${c.name}.json`));
    const parsed = JSON.parse(body);
    expect(parsed.object).toBe('response');
    // output_text is the SDK's own addition: compute it as it does.
    const outputText = parsed.output.flatMap((i: { type: string; content?: Array<{ type: string; text?: string }> }) => (i.type === 'message' ? i.content!.filter((p) => p.type === 'output_text').map((p) => p.text) : [])).join('');
    expect(responseSummary({ ...parsed, output_text: outputText })).toEqual(c.expect);
  });

  it('counts the reasoning summary as reasoning tokens', () => {
    const parsed = JSON.parse(readResponsesTrace('thinking-text-then-tool.json'));
    expect(parsed.usage.output_tokens_details.reasoning_tokens).toBe(6); // "The user wants the weather." in o200k_base
    expect(parsed.output[0]).toEqual({ id: 'rs_trace000100', type: 'reasoning', summary: [{ type: 'summary_text', text: 'The user wants the weather.' }] });
  });
});

describe('mid-stream error (failure.stream_error)', () => {
  const err = { status: 529, message: 'Overloaded' };

  /** What the server sends: the first `n` events (of the doubled list, when `dup`), then the error events. */
  function cut(n: number, dup = false): string {
    const d = decoded(true);
    const events = responsesCodec.encodeStream(toStreamParts(TEXT_ANSWER, CHUNK_SIZE), RESPONSES_META, d);
    const errors = responsesCodec.encodeStreamError(err, RESPONSES_META, d);
    return streamWireText(followedBy(limited(dup ? doubled(events) : events, n), errors), 'sse');
  }

  it('sends an error event then response.failed, numbered on from the last event sent', () => {
    const events = parseSse(cut(5));
    expect(events.map((e) => e.event).slice(-2)).toEqual(['error', 'response.failed']);
    const [error, failed] = events.slice(-2).map((e) => JSON.parse(e.data));
    expect(error).toEqual({ type: 'error', sequence_number: 5, code: 'overloaded', message: 'Overloaded', param: null, error: { type: 'server_error', code: 'overloaded', message: 'Overloaded', param: null } });
    expect(failed.sequence_number).toBe(6);
    expect(failed.response).toMatchObject({ id: RESPONSES_META.id, status: 'failed', error: { code: 'overloaded', message: 'Overloaded' }, output: [], usage: null });
  });

  it('numbers on from the last event written when frames are doubled', () => {
    // 5 frames of a doubled list: events 0,0,1,1,2 -> the error is 3.
    const events = parseSse(cut(5, true)).map((e) => JSON.parse(e.data));
    expect(events.map((e) => e.sequence_number)).toEqual([0, 0, 1, 1, 2, 3, 4]);
  });

  it('before any event the error is number 0', () => {
    expect(parseSse(cut(0)).map((e) => [e.event, JSON.parse(e.data).sequence_number])).toEqual([
      ['error', 0],
      ['response.failed', 1],
    ]);
  });

  it('the SDK iterator raises an APIError carrying the error', async () => {
    const err = await sdkResponseEvents(cut(6)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({ message: 'Overloaded', code: 'overloaded', type: 'server_error' });
  });

  it("the SDK's ResponseStream rejects with the APIError, after the text before it", async () => {
    const { events, final, error } = await sdkResponseStream(cut(6));
    expect(final).toBeUndefined();
    expect(error).toBeInstanceOf(APIError);
    expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('')).toBe(GREETING.slice(0, 10));
  });

  it.each([
    [429, 'rate_limit_exceeded'],
    [500, 'server_error'],
    [503, 'service_unavailable'],
    [418, null],
  ])('status %s is code %s (OpenAI error table)', (status, code) => {
    const d = decoded(true);
    responsesCodec.encodeStream(toStreamParts(TEXT_ANSWER, CHUNK_SIZE), RESPONSES_META, d);
    const [error] = responsesCodec.encodeStreamError({ status, message: 'x' }, RESPONSES_META, d);
    expect(JSON.parse(streamWireText([error], 'sse').replace(/^event: error\ndata: /, '')).code).toBe(code ?? 'server_error');
  });
});

describe('kept responses (store)', () => {
  it('a body is kept as sent', () => {
    const store = new BoundedResponseStore();
    const body = responsesCodec.encodeBody(TEXT_ANSWER, RESPONSES_META, decoded(false, store));
    expect(store.get(RESPONSES_META.id)).toBe(body);
  });

  it('a stream keeps its finished response at once (what response.completed carries)', () => {
    const store = new BoundedResponseStore();
    const text = streamText(TEXT_ANSWER, decoded(true, store));
    const completed = JSON.parse(parseSse(text).at(-1)!.data).response;
    expect(JSON.parse(store.get(RESPONSES_META.id)!)).toEqual(completed);
    expect(completed.status).toBe('completed');
  });

  it('a stream that fails mid-way is kept as failed', () => {
    const store = new BoundedResponseStore();
    const d = decoded(true, store);
    responsesCodec.encodeStream(toStreamParts(TEXT_ANSWER, CHUNK_SIZE), RESPONSES_META, d);
    responsesCodec.encodeStreamError({ status: 500, message: 'boom' }, RESPONSES_META, d);
    expect(JSON.parse(store.get(RESPONSES_META.id)!)).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'boom' } });
  });

  it('store: false keeps nothing', () => {
    const store = new BoundedResponseStore();
    const r = responsesCodec.decode({ ...TRACE_REQUEST, store: false }, { headers: {}, params: {}, query: new URLSearchParams(), responses: store });
    if (!r.ok) throw new Error(r.error.message);
    const body = JSON.parse(responsesCodec.encodeBody(TEXT_ANSWER, RESPONSES_META, r.decoded));
    expect(body.store).toBe(false);
    expect(store.size).toBe(0);
  });
});
