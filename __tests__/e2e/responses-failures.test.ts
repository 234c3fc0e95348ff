/**
 * The Responses surface under faults, bad input and replay: stream_error (an `error` event then
 * `response.failed`), truncation, disconnects, corrupt bodies, duplication, diagnostics,
 * scenarios and `times`, malformed requests (OpenAI's 400 shape, never a 5xx), and seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - name: mid-stream error
    match: { user_message: "mid-stream error" }
    response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }
    failure: { stream_error: { after_frames: 6, status: 529, message: "Overloaded, try later" } }
  - match: { user_message: "truncate" }
    response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }
    failure: { truncate_after_frames: 5 }
  - match: { user_message: "duplicate" }
    response: { content: "abcd" }
    streaming: { chunk_size: 2 }
    failure: { duplicate_frames: true }
  - match: { user_message: "disconnect" }
    response: { content: "abcdefghijklmnopqrstuvwxyz" }
    streaming: { chunk_size: 1, latency: 20 }
    failure: { disconnect_after_ms: 100 }
  - match: { user_message: "corrupt" }
    response: { content: "never seen" }
    failure: { corrupt_body: true }
  - name: door
    match: { user_message: "open the door" }
    scenario: { name: door, set_state: open }
    response: { content: "The door opens." }
  - match: { user_message: "walk through" }
    scenario: { name: door, required_state: open }
    response: { content: "You walk through." }
  - match: { user_message: "once" }
    times: 1
    response: { content: "only once" }
  - match: { user_message: "seeded" }
    response:
      content: "Tools:"
      tool_calls: [{ name: lookup, arguments: { q: "x" } }]
    streaming: { chunk_size: 3 }
`;

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': FIXTURES });
  url = `${h.server.url}/v1/responses`;
});
afterAll(() => h.close());

const streamRaw = (input: string) => postRaw(url, { model: 'gpt-4o', input, stream: true });

describe('failure.stream_error', () => {
  it('on the wire: the frames before it, then `event: error` and `event: response.failed`, and the stream ends', async () => {
    const res = await streamRaw('mid-stream error');
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'error',
      'response.failed',
    ]);
    const data = events.map((e) => JSON.parse(e.data));
    expect(data.map((d) => d.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(data[6]).toEqual({ type: 'error', sequence_number: 6, code: 'overloaded', message: 'Overloaded, try later', param: null, error: { type: 'server_error', code: 'overloaded', message: 'Overloaded, try later', param: null } });
    expect(data[7].response).toMatchObject({ status: 'failed', error: { code: 'overloaded', message: 'Overloaded, try later' } });
  });

  it('create({stream: true}): the SDK yields the deltas before it, then raises an APIError', async () => {
    const s = await h.client.responses.create({ model: 'gpt-4o', input: 'mid-stream error', stream: true });
    const deltas: string[] = [];
    const err = await (async () => {
      for await (const e of s) if (e.type === 'response.output_text.delta') deltas.push(e.delta);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(deltas).toEqual(['ab', 'cd']);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err).toMatchObject({ message: 'Overloaded, try later', code: 'overloaded', type: 'server_error' });
  });

  it('responses.stream(): iteration and finalResponse() reject with the APIError', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'mid-stream error' });
    const read = async () => {
      for await (const _ of stream) {
        /* the text before the error */
      }
    };
    await expect(read()).rejects.toBeInstanceOf(OpenAI.APIError);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('the stored response is the failed one', async () => {
    const res = await streamRaw('mid-stream error');
    const id = JSON.parse(parseSse(res.text)[0].data).response.id;
    const got = await h.client.responses.retrieve(id);
    expect(got.status).toBe('failed');
    expect(got.error?.message).toBe('Overloaded, try later');
  });

  it('a non-streaming request gets the whole answer', async () => {
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'mid-stream error' })).output_text).toBe('abcdefghij');
  });
});

describe('stream faults', () => {
  it('truncate_after_frames: exactly N events, no response.completed', async () => {
    const events = parseSse((await streamRaw('truncate')).text);
    expect(events.map((e) => e.event)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta']);
  });

  it('truncate through the SDK: the stream ends with the response still in progress', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'truncate' });
    const final = await stream.finalResponse();
    expect(final.status).toBe('in_progress');
    expect(final.output_text).toBe('ab');
  });

  it('duplicate_frames: every frame twice, back to back, sequence numbers repeating', async () => {
    const events = parseSse((await streamRaw('duplicate')).text);
    const seqs = events.map((e) => JSON.parse(e.data).sequence_number);
    const n = seqs.length / 2;
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => [i, i]).flat());
    expect(events.at(-1)!.event).toBe('response.completed');
  });

  it('disconnect_after_ms aborts the transfer; the SDK stream raises', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'disconnect', stream: true }) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const s = await h.client.responses.create({ model: 'gpt-4o', input: 'disconnect', stream: true });
    const read = async () => {
      for await (const _ of s) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow();
  });

  it('corrupt_body: a stream of one `data: overloaded` frame the SDK cannot parse; a body of `overloaded`', async () => {
    const res = await streamRaw('corrupt');
    expect([res.status, res.text]).toEqual([200, 'data: overloaded\n\n']);
    const logged: unknown[] = [];
    const quiet = () => {};
    const client = new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: 'k', maxRetries: 0, logger: { error: (...a: unknown[]) => logged.push(...a), warn: quiet, info: quiet, debug: quiet } });
    const s = await client.responses.create({ model: 'gpt-4o', input: 'corrupt', stream: true });
    const read = async () => {
      for await (const _ of s) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow();
    expect(logged.join(' ')).toContain('overloaded');
    const body = await postRaw(url, { model: 'gpt-4o', input: 'corrupt' });
    expect([body.status, body.headers.get('content-type'), body.text]).toEqual([200, 'text/plain; charset=utf-8', 'overloaded']);
  });
});

describe('state: scenarios and times', () => {
  it('a scenario moves across Responses requests', async () => {
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'walk through' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'open the door' })).output_text).toBe('The door opens.');
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'walk through' })).output_text).toBe('You walk through.');
  });

  it('times: 1 answers once, then no match', async () => {
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'once' })).output_text).toBe('only once');
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'once' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('diagnostics', () => {
  it('--diagnostics names the nearest fixture inside the OpenAI error object', async () => {
    const near = `
fixtures:
  - match: { user_message: "something else" }
    response: { content: "y" }
  - name: near miss
    match: { user_message: "diagnose me", model: "gpt-4o" }
    response: { content: "x" }
`;
    const d = await startWith({ 'f.yaml': near }, { diagnostics: true });
    try {
      const res = await postRaw(`${d.server.url}/v1/responses`, { model: 'gpt-3.5', input: 'diagnose me' });
      expect(res.status).toBe(404);
      const { error } = JSON.parse(res.text);
      expect(error.type).toBe('not_found_error');
      expect(error.nearest.name).toBe('near miss');
      expect(error.nearest.fields).toEqual(expect.arrayContaining([{ field: 'model', passed: false, expected: expect.any(String) }, { field: 'user_message', passed: true, expected: expect.any(String) }]));
    } finally {
      await d.close();
    }
  });
});

describe('bad input: a 400 in OpenAI shape, never a 5xx, and the server stays up', () => {
  it.each<[string, string | object, RegExp, string | null]>([
    ['bad JSON', '{"model": "gpt-4o", "input": ', /could not parse the JSON body/, null],
    ['a JSON array', '[1,2]', /must be a JSON object/, null],
    ['no model', { input: 'hi' }, /must provide a model/, 'model'],
    ['no input', { model: 'gpt-4o' }, /Missing required parameter: 'input'/, 'input'],
    ['input of the wrong type', { model: 'gpt-4o', input: 7 }, /Invalid type for 'input'/, 'input'],
    ['an empty item list', { model: 'gpt-4o', input: [] }, /empty array/, 'input'],
    ['a blank input', { model: 'gpt-4o', input: ' ' }, /latest user input is empty/, 'input'],
    ['an item that is not an object', { model: 'gpt-4o', input: [null] }, /Invalid 'input\[0\]'/, 'input[0]'],
    ['a bad role', { model: 'gpt-4o', input: [{ role: 'wizard', content: 'hi' }] }, /input\[0\]\.role/, 'input[0].role'],
    ['a tool result without call_id', { model: 'gpt-4o', input: [{ type: 'function_call_output', output: 'x' }] }, /call_id/, 'input[0].call_id'],
    ['a string stream flag', { model: 'gpt-4o', input: 'hi', stream: 'true' }, /Invalid type for 'stream'/, 'stream'],
    ['object tools', { model: 'gpt-4o', input: 'hi', tools: { a: 1 } }, /Invalid type for 'tools'/, 'tools'],
  ])('%s', async (_name, body, message, param) => {
    const res = await postRaw(url, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { error } = JSON.parse(res.text);
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_request' });
    expect(error.message).toMatch(message);
  });

  it('the SDK raises BadRequestError, and the server still answers afterwards', async () => {
    await expect(h.client.responses.create({ model: 'gpt-4o' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'open the door' })).output_text).toBe('The door opens.');
  });

  it('GET on an id with odd characters is still a 404, not a crash', async () => {
    const res = await fetch(`${h.server.url}/v1/responses/%ZZ%20x`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });
});

describe('determinism', () => {
  const bodies = async (seed: number) => {
    const d = await startWith({ 'f.yaml': FIXTURES }, { seed, freezeTime: 1_700_000_000 });
    try {
      const a = await postRaw(`${d.server.url}/v1/responses`, { model: 'gpt-4o', input: 'seeded', tools: [{ type: 'function', name: 'lookup' }] });
      const b = await postRaw(`${d.server.url}/v1/responses`, { model: 'gpt-4o', input: 'seeded', stream: true });
      return [a.text, b.text];
    } finally {
      await d.close();
    }
  };

  it('same seed + frozen time + same request order: byte-identical bodies and streams', async () => {
    const [x, y] = [await bodies(42), await bodies(42)];
    expect(x).toEqual(y);
    expect(JSON.parse(x[0]).created_at).toBe(1_700_000_000);
    const z = await bodies(43);
    expect(JSON.parse(z[0]).id).not.toBe(JSON.parse(x[0]).id);
  });

  it('x-llmposter-seed replays the response id, item ids and call ids', async () => {
    const a = await postRaw(url, { model: 'gpt-4o', input: 'seeded' }, { 'x-llmposter-seed': '777' });
    const b = await postRaw(url, { model: 'gpt-4o', input: 'seeded' }, { 'x-llmposter-seed': '777' });
    expect(a.headers.get('x-llmposter-seed')).toBe('777');
    const [ja, jb] = [JSON.parse(a.text), JSON.parse(b.text)];
    expect(ja.id).toBe(jb.id);
    expect(ja.output).toEqual(jb.output);
    expect(ja.output[1].call_id).toMatch(/^call_/);
  });
});
