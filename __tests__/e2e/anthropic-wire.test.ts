/**
 * Anthropic Messages on the wire: the raw SSE frames, seeded stream faults (truncation,
 * duplication, disconnect, corrupt body, mid-stream `event: error`), bad input (always a 4xx in
 * Anthropic's error shape, never a 5xx), diagnostics, scenarios and determinism.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

// "abcdefghij" in chunks of 2: message_start, content_block_start, ping, 5 deltas,
// content_block_stop, message_delta, message_stop = 11 frames.
const STREAM = `response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }`;
const FIXTURES = `
fixtures:
  - match: { user_message: "plain" }
    ${STREAM}
  - match: { user_message: "truncate" }
    ${STREAM}
    failure: { truncate_after_frames: 3 }
  - match: { user_message: "duplicate" }
    ${STREAM}
    failure: { duplicate_frames: true, chaos_seed: 5 }
  - match: { user_message: "dup and cut" }
    ${STREAM}
    failure: { duplicate_frames: true, truncate_after_frames: 5 }
  - match: { user_message: "disconnect" }
    response: { content: "0123456789012345678901234567890123456789" }
    streaming: { chunk_size: 2, latency: 30 }
    failure: { disconnect_after_ms: 100 }
  - match: { user_message: "corrupt" }
    ${STREAM}
    failure: { corrupt_body: true }
  - match: { user_message: "mid-stream error" }
    ${STREAM}
    failure: { stream_error: { after_frames: 4, status: 529, message: "Overloaded, try later" } }
  - match: { user_message: "stream error defaults" }
    ${STREAM}
    failure: { stream_error: { after_frames: 0 } }
  - match: { user_message: "jitter" }
    response: { content: "a fairly long answer that streams in many small chunks" }
    streaming: { chunk_size: 4, latency: 2 }
    failure: { latency_jitter_ms: 2, duplicate_frames: true, probability: 0.5 }
  - match: { user_message: "tools" }
    response:
      tool_calls: [{ name: lookup, arguments: { q: "x" } }]
    streaming: { chunk_size: 3 }
  - match: { user_message: "next" }
    scenario: { name: flow, required_state: "", set_state: two }
    response: { content: "step one" }
  - match: { user_message: "next" }
    scenario: { name: flow, required_state: two }
    response: { content: "step two" }
  - name: pirate
    match: { user_message: "ahoy", model: "claude-sonnet-4-6", system_prompt: "pirate" }
    response: { content: "Arr" }
`;

let h: Harness;
let url: string;
let client: Anthropic;
beforeAll(async () => {
  h = await startWith({ 'faults.yaml': FIXTURES }, { diagnostics: true, maxBodyBytes: 4096 });
  url = `${h.server.url}/v1/messages`;
  client = anthropicClient(h.server.url);
});
afterAll(() => h.close());

const stream = (msg: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postRaw(url, ask(msg, { stream: true, ...extra }), headers);
const names = (text: string) => parseSse(text).map((e) => e.event);
const datas = (text: string) => parseSse(text).map((e) => JSON.parse(e.data) as Record<string, unknown>);

/** Read a raw SDK stream to its end; what it threw (null if it ended) and the text deltas it saw. */
async function drain(s: AsyncIterable<Anthropic.RawMessageStreamEvent>): Promise<{ error: unknown; texts: string[]; types: string[] }> {
  const texts: string[] = [];
  const types: string[] = [];
  try {
    for await (const e of s) {
      types.push(e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') texts.push(e.delta.text);
    }
  } catch (error) {
    return { error, texts, types };
  }
  return { error: null, texts, types };
}

describe('the SSE stream on the wire', () => {
  it('has event: names and data: frames in the API\'s order, one ping, no [DONE]', async () => {
    const res = await stream('plain');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-llmposter-seed')).toMatch(/^\d+$/);
    expect(names(res.text)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(5).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(res.text).not.toContain('[DONE]');
    const d = datas(res.text);
    // Every frame's data names its own event.
    expect(d.map((x) => x.type)).toEqual(names(res.text));
    const start = d[0].message as Record<string, unknown>;
    expect(start).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{24}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' },
    });
    expect(d[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(d[2]).toEqual({ type: 'ping' });
    expect(d.slice(3, 8).map((x) => x.delta)).toEqual(['ab', 'cd', 'ef', 'gh', 'ij'].map((text) => ({ type: 'text_delta', text })));
    expect(d[8]).toEqual({ type: 'content_block_stop', index: 0 });
    expect(d[9]).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });
    expect(d[10]).toEqual({ type: 'message_stop' });
  });

  it('tool calls: a tool_use block opened with empty input, then input_json_delta pieces', async () => {
    const d = datas((await stream('tools')).text);
    expect(d[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: expect.stringMatching(/^toolu_[0-9a-f]{24}$/), name: 'lookup', input: {} } });
    const pieces = d.filter((x) => x.type === 'content_block_delta').map((x) => x.delta as { type: string; partial_json: string });
    expect(pieces.every((p) => p.type === 'input_json_delta')).toBe(true);
    expect(pieces.map((p) => p.partial_json)).toEqual(['{"q', '":"', 'x"}']);
    expect((d.at(-2)!.delta as { stop_reason: string }).stop_reason).toBe('tool_use');
  });

  it('a non-streaming request gets the JSON body', async () => {
    const res = await postRaw(url, ask('plain'));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(res.text);
    expect(Object.keys(body)).toEqual(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    expect(body.content).toEqual([{ type: 'text', text: 'abcdefghij' }]);
  });
});

describe('stream faults', () => {
  it('truncate_after_frames counts every frame, the ping included, and ends cleanly without message_stop', async () => {
    const res = await stream('truncate');
    expect(names(res.text)).toEqual(['message_start', 'content_block_start', 'ping']);
    const final = await client.messages.stream(ask('truncate')).finalMessage().catch((e: unknown) => e);
    expect(final).toBeInstanceOf(Anthropic.AnthropicError);
    expect((final as Error).message).toMatch(/stream ended without producing a Message/);
  });

  it('duplicate_frames doubles every frame back to back, message_stop included; truncation counts after it', async () => {
    const n = names((await stream('duplicate')).text);
    expect(n).toHaveLength(22);
    expect(n.filter((_, i) => i % 2 === 0)).toEqual(n.filter((_, i) => i % 2 === 1));
    expect(n.slice(-2)).toEqual(['message_stop', 'message_stop']);
    expect(names((await stream('dup and cut')).text)).toEqual(['message_start', 'message_start', 'content_block_start', 'content_block_start', 'ping']);
  });

  it('disconnect_after_ms aborts the transfer; the SDK stream raises', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ask('disconnect', { stream: true })) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const { error, texts } = await drain(await client.messages.create({ ...ask('disconnect'), stream: true }));
    // fetch's own TypeError ("terminated"), from another realm than jest's Error.
    expect(error).not.toBeNull();
    expect(String(error)).toMatch(/terminated|aborted|socket/i);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThan(20);
  });

  it('corrupt_body: one `message_start` event holding `overloaded` streamed, text/plain `overloaded` otherwise', async () => {
    const res = await stream('corrupt');
    expect(res.status).toBe(200);
    expect(res.text).toBe('event: message_start\ndata: overloaded\n\n');
    const plain = await postRaw(url, ask('corrupt'));
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(plain.text).toBe('overloaded');
    // Named, so the SDK parses it and raises, as a client meeting a corrupt stream should. The
    // SDK also logs the frame it could not parse: capture that (it shows the frame reached the
    // parser) rather than let it into the test output.
    const logged: unknown[] = [];
    const quiet = () => {};
    const logging = new Anthropic({ baseURL: h.server.url, apiKey: 'test-key', maxRetries: 0, logger: { error: (...a: unknown[]) => logged.push(...a), warn: quiet, info: quiet, debug: quiet } });
    await expect(logging.messages.stream(ask('corrupt')).finalMessage()).rejects.toThrow(/overloaded|JSON/);
    expect(logged.join(' ')).toContain('overloaded');
    const raw = await logging.messages.create({ ...ask('corrupt'), stream: true });
    const drain = async () => {
      for await (const _ of raw) {
        /* nothing arrives intact */
      }
    };
    await expect(drain()).rejects.toThrow();
  });

  it('stream_error: the frames before it, then `event: error` with an Anthropic error body; the stream ends there', async () => {
    const res = await stream('mid-stream error');
    expect(res.status).toBe(200);
    expect(names(res.text)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'error']);
    expect(datas(res.text)[4]).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded, try later' } });
    const defaults = parseSse((await stream('stream error defaults')).text);
    expect(defaults.map((e) => [e.event, JSON.parse(e.data)])).toEqual([['error', { type: 'error', error: { type: 'api_error', message: 'Internal Server Error' } }]]);
  });

  it('stream_error: the SDK\'s raw stream and messages.stream() both raise it as an APIError', async () => {
    const { error, texts, types } = await drain(await client.messages.create({ ...ask('mid-stream error'), stream: true }));
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const e = error as InstanceType<typeof Anthropic.APIError>;
    expect(e.type).toBe('overloaded_error');
    expect(e.message).toContain('Overloaded, try later');
    expect(e.error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded, try later' } });
    expect(texts).toEqual(['ab']);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta']);

    const s = client.messages.stream(ask('mid-stream error'));
    const seen: string[] = [];
    s.on('text', (t) => seen.push(t));
    const err = await s.finalMessage().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
    expect(seen).toEqual(['ab']);
  });
});

describe('bad input: a 400 in Anthropic\'s shape, never a 5xx', () => {
  const base = { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'plain' }] };
  const cases: Array<[string, unknown, string]> = [
    ['not an object', [1, 2], 'The request body must be a JSON object.'],
    ['no model', { ...base, model: undefined }, 'model: Field required'],
    ['model not a string', { ...base, model: 7 }, 'model: Input should be a non-empty string'],
    ['no max_tokens', { ...base, max_tokens: undefined }, 'max_tokens: Field required'],
    ['max_tokens 0', { ...base, max_tokens: 0 }, 'max_tokens: Input should be greater than or equal to 1'],
    ['max_tokens a string', { ...base, max_tokens: '10' }, 'max_tokens: Input should be a valid integer'],
    ['max_tokens fractional', { ...base, max_tokens: 1.5 }, 'max_tokens: Input should be a valid integer'],
    ['no messages', { ...base, messages: undefined }, 'messages: Field required'],
    ['messages not a list', { ...base, messages: 'hi' }, 'messages: Input should be a valid list'],
    ['messages empty', { ...base, messages: [] }, 'messages: at least one message is required'],
    ['message not an object', { ...base, messages: ['hi'] }, 'messages.0: Input should be a valid dictionary'],
    ['system role', { ...base, messages: [{ role: 'system', content: 'x' }, ...base.messages] }, "messages.0.role: Input should be 'user' or 'assistant' (system instructions go in the top-level 'system' field)"],
    ['unknown role', { ...base, messages: [{ role: 'tool', content: 'x' }] }, "messages.0.role: Input should be 'user' or 'assistant'"],
    ['no content', { ...base, messages: [{ role: 'user' }] }, 'messages.0.content: Field required'],
    ['content a number', { ...base, messages: [{ role: 'user', content: 5 }] }, 'messages.0.content: Input should be a valid string or a list of content blocks'],
    ['block without type', { ...base, messages: [{ role: 'user', content: [{ text: 'x' }] }] }, "messages.0.content.0: Input should be a content block object with a string 'type'"],
    ['text block without text', { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text: Field required'],
    ['text block text a number', { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }] }, 'messages.0.content.0.text: Input should be a valid string'],
    ['tool_result without id', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages.0.content.0.tool_use_id: Field required'],
    ['tool_result content a number', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 1 }] }] }, 'messages.0.content.0.content: Input should be a valid string or a list of content blocks'],
    ['tool_result from the assistant', { ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 't' }] }] }, 'messages.0.content.0: tool_result blocks are only allowed in user messages'],
    ['stream not a boolean', { ...base, stream: 'yes' }, 'stream: Input should be a valid boolean'],
    ['temperature a string', { ...base, temperature: 'hot' }, 'temperature: Input should be a valid number'],
    ['metadata a list', { ...base, metadata: [] }, 'metadata: Input should be a valid dictionary'],
    ['stop_sequences with a number', { ...base, stop_sequences: [1] }, 'stop_sequences: Input should be a valid list of strings'],
    ['system a number', { ...base, system: 5 }, 'system: Input should be a valid string or a list of text blocks'],
    ['system block not text', { ...base, system: [{ type: 'image' }] }, 'system.0: Input should be a text block'],
    ['tools not a list', { ...base, tools: {} }, 'tools: Input should be a valid list'],
    ['tool without a name', { ...base, tools: [{ input_schema: {} }] }, 'tools.0.name: Field required'],
    ['blank latest user turn', { ...base, messages: [{ role: 'user', content: '   ' }] }, 'The latest user message is empty'],
  ];
  it.each(cases)('%s', async (_name, body, message) => {
    const res = await postRaw(url, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const parsed = JSON.parse(res.text);
    expect(parsed).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(message) } });
  });

  it('bad JSON, a body over the limit, a bad seed header: Anthropic-shaped 4xx', async () => {
    const bad = await postRaw(url, '{"model": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.type).toBe('invalid_request_error');
    expect(JSON.parse(bad.text).type).toBe('error');
    const big = await postRaw(url, { ...ask('plain'), pad: 'x'.repeat(8000) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text)).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.stringContaining('4096') } });
    const seed = await postRaw(url, ask('plain'), { 'x-llmposter-seed': 'banana' });
    expect(seed.status).toBe(400);
    expect(JSON.parse(seed.text).error.type).toBe('invalid_request_error');
  });

  it('the SDK raises BadRequestError, and the server keeps serving', async () => {
    const e = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 0, messages: [{ role: 'user', content: 'plain' }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    const ok = await client.messages.create(ask('plain'));
    expect(ok.content).toEqual([{ type: 'text', text: 'abcdefghij' }]);
  });
});

describe('matching extras', () => {
  it('--diagnostics: the no-match 404 names the nearest fixture inside Anthropic\'s error object', async () => {
    const res = await postRaw(url, ask('ahoy', { system: 'You are a librarian.' }));
    expect(res.status).toBe(404);
    const body = JSON.parse(res.text);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toContain('Nearest: ');
    expect(body.error.nearest.name).toBe('pirate');
    expect(body.error.nearest.fields).toEqual(
      expect.arrayContaining([
        { field: 'user_message', passed: true, expected: expect.any(String) },
        { field: 'system_prompt', passed: false, expected: expect.any(String) },
      ]),
    );
  });

  it('scenarios move on per request', async () => {
    const a = await client.messages.create(ask('next'));
    const b = await client.messages.create(ask('next'));
    expect([a.content, b.content]).toEqual([[{ type: 'text', text: 'step one' }], [{ type: 'text', text: 'step two' }]]);
  });
});

describe('determinism', () => {
  const REQUESTS = [ask('plain'), ask('tools'), ask('tools', { stream: true }), ask('jitter', { stream: true }), ask('jitter', { stream: true }), ask('plain', { stream: true })];
  async function transcript(x: Harness): Promise<string[]> {
    const out: string[] = [];
    for (const body of REQUESTS) {
      const res = await postRaw(`${x.server.url}/v1/messages`, body);
      out.push(`${res.status} ${res.headers.get('x-llmposter-seed')}\n${res.text}`);
    }
    return out;
  }

  it('same seed + fixtures + frozen time + request order => byte-identical responses', async () => {
    const a = await startWith({ 'f.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    const b = await startWith({ 'f.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    try {
      const ta = await transcript(a);
      expect(ta).toEqual(await transcript(b));
      expect(ta[1]).toMatch(/"id":"toolu_[0-9a-f]{24}"/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('x-llmposter-seed replays a request: same ids and tool ids', async () => {
    const first = await postRaw(url, ask('tools'));
    const seed = first.headers.get('x-llmposter-seed')!;
    const again = await postRaw(url, ask('tools'), { 'x-llmposter-seed': seed });
    expect(again.text).toBe(first.text);
    const other = await postRaw(url, ask('tools'));
    expect(JSON.parse(other.text).id).not.toBe(JSON.parse(first.text).id);
  });
});
