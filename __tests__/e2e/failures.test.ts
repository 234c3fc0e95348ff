/** Seeded stream faults (the fixture `failure:` block), checked on the wire and through the SDK. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { chat, parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

// "abcdefghij" in chunks of 2 -> role, 5 content chunks, finish chunk, [DONE] = 8 frames.
const STREAM = `response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }`;
const FIXTURES = `
fixtures:
  - match: { user_message: "plain" }
    ${STREAM}
  - match: { user_message: "truncate" }
    ${STREAM}
    failure: { truncate_after_frames: 3 }
  - match: { user_message: "legacy alias" }
    ${STREAM}
    failure: { truncate_after_chunks: 2 }
  - match: { user_message: "duplicate" }
    ${STREAM}
    failure: { duplicate_frames: true, chaos_seed: 5 }
  - match: { user_message: "dup and cut" }
    ${STREAM}
    failure: { duplicate_frames: true, truncate_after_frames: 5 }
  - match: { user_message: "never chaos" }
    ${STREAM}
    failure: { duplicate_frames: true, probability: 0 }
  - match: { user_message: "coin" }
    ${STREAM}
    failure: { duplicate_frames: true, probability: 0.5 }
  - match: { user_message: "disconnect" }
    response: { content: "0123456789012345678901234567890123456789" }
    streaming: { chunk_size: 2, latency: 30 }
    failure: { disconnect_after_ms: 100 }
  - match: { user_message: "all frames first" }
    ${STREAM}
    failure: { disconnect_after_ms: 5000 }
  - match: { user_message: "corrupt" }
    ${STREAM}
    failure: { corrupt_body: true, truncate_after_frames: 1 }
  - match: { user_message: "mid-stream error" }
    ${STREAM}
    failure: { stream_error: { after_frames: 3, status: 529, message: "Overloaded, try later" } }
  - match: { user_message: "stream error defaults" }
    ${STREAM}
    failure: { stream_error: { after_frames: 0 } }
  - match: { user_message: "slow start" }
    response: { content: "eventually" }
    failure: { latency_ms: 150 }
`;

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startWith({ 'faults.yaml': FIXTURES });
  url = `${h.server.url}/v1/chat/completions`;
});
afterAll(() => h.close());

const stream = (msg: string, extra: Record<string, unknown> = {}, seed?: string) => postRaw(url, chat(msg, { stream: true, ...extra }), seed ? { 'x-llmposter-seed': seed } : {});

describe('wire-level frames', () => {
  it('a plain stream has role, content, finish and [DONE] frames', async () => {
    const res = await stream('plain');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(res.text);
    expect(events).toHaveLength(8);
    expect(events[7].data).toBe('[DONE]');
    expect(JSON.parse(events[0].data).choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
  });

  it('truncate_after_frames sends exactly N frames and no [DONE], ending cleanly', async () => {
    const res = await stream('truncate');
    const events = parseSse(res.text);
    expect(events).toHaveLength(3);
    expect(res.text).not.toContain('[DONE]');
  });

  it('accepts the legacy alias truncate_after_chunks', async () => {
    expect(parseSse((await stream('legacy alias')).text)).toHaveLength(2);
  });

  it('duplicate_frames doubles every frame back to back, [DONE] included', async () => {
    const events = parseSse((await stream('duplicate')).text);
    expect(events).toHaveLength(16);
    for (let i = 0; i < 16; i += 2) expect(events[i].data).toBe(events[i + 1].data);
    expect(events.filter((e) => e.data === '[DONE]')).toHaveLength(2);
  });

  it('counts truncation after duplication', async () => {
    const events = parseSse((await stream('dup and cut')).text);
    expect(events).toHaveLength(5);
    // role, role, chunk1, chunk1, chunk2: pairs first, then the cut.
    expect(events[0].data).toBe(events[1].data);
    expect(events[2].data).toBe(events[3].data);
    expect(events[4].data).not.toBe(events[3].data);
  });

  it('probability 0 never activates chaos', async () => {
    for (let i = 0; i < 5; i++) expect(parseSse((await stream('never chaos')).text)).toHaveLength(8);
  });

  it('probability gates chaos per request, reproducibly for a fixed order', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) counts.push(parseSse((await stream('coin')).text).length);
    expect(new Set(counts)).toEqual(new Set([8, 16]));
    // The chaos counter is per server: replay the same order on two fresh servers.
    const run = async () => {
      const s = await startWith({ 'faults.yaml': FIXTURES });
      try {
        const lengths: number[] = [];
        for (let i = 0; i < 20; i++) lengths.push(parseSse((await postRaw(`${s.server.url}/v1/chat/completions`, chat('coin', { stream: true }))).text).length);
        return lengths;
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([8, 16]));
    expect(await run()).toEqual(first);
  });

  it('an explicit chaos_seed fixes the chaos whatever the request seed; x-llmposter-seed still reports the request seed', async () => {
    // 'duplicate' has chaos_seed 5: doubled under any request seed.
    for (const seed of ['11', '12', '13']) {
      const res = await stream('duplicate', {}, seed);
      expect(res.headers.get('x-llmposter-seed')).toBe(seed);
      expect(parseSse(res.text)).toHaveLength(16);
    }
  });

  it('ignores streaming faults on non-streaming requests', async () => {
    const res = await postRaw(url, chat('truncate'));
    expect(JSON.parse(res.text).choices[0].message.content).toBe('abcdefghij');
  });

  it('corrupt_body overrides truncation: one `data: overloaded` frame', async () => {
    const res = await stream('corrupt');
    expect(res.status).toBe(200);
    expect(res.text).toBe('data: overloaded\n\n');
  });

  it('corrupt_body on a non-streaming request is a 200 text/plain `overloaded`', async () => {
    const res = await postRaw(url, chat('corrupt'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('overloaded');
  });

  it('disconnect_after_ms aborts the transfer mid-body (the client sees an error, not an end)', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('disconnect', { stream: true })) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('disconnect_after_ms does nothing when every frame went out first', async () => {
    const events = parseSse((await stream('all frames first')).text);
    expect(events).toHaveLength(8);
  });

  it('latency_ms waits before answering', async () => {
    const t0 = performance.now();
    const res = await postRaw(url, chat('slow start'));
    // Lower bound only: the wait must have happened; no upper bound on a shared machine.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).choices[0].message.content).toBe('eventually');
  });
});

describe('through the SDK', () => {
  it('a disconnect raises from the stream iterator', async () => {
    const s = await h.client.chat.completions.create({ ...chat('disconnect'), stream: true });
    const read = async () => {
      for await (const _ of s) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow();
  });

  it('a corrupt stream raises', async () => {
    // The SDK also reports the frame it could not parse through its logger: capture that (it
    // shows the client saw our corrupt frame) instead of letting it into the test output.
    const logged: unknown[] = [];
    const quiet = () => {};
    const client = new OpenAI({ baseURL: `${h.server.url}/v1`, apiKey: 'test-key', maxRetries: 0, logger: { error: (...a: unknown[]) => logged.push(...a), warn: quiet, info: quiet, debug: quiet } });
    const s = await client.chat.completions.create({ ...chat('corrupt'), stream: true });
    const read = async () => {
      for await (const _ of s) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow();
    expect(logged.join(' ')).toContain('overloaded');
  });

  it('a truncated stream ends without a finish_reason', async () => {
    const s = await h.client.chat.completions.create({ ...chat('truncate'), stream: true });
    const finishes: unknown[] = [];
    for await (const c of s) finishes.push(c.choices[0]?.finish_reason);
    // truncate_after_frames: 3 = the role chunk and two content chunks, none of them final.
    expect(finishes).toEqual([null, null, null]);
  });

  it('stream_error: the frames before it, then the error the SDK raises as an APIError', async () => {
    const s = await h.client.chat.completions.create({ ...chat('mid-stream error'), stream: true });
    const deltas: unknown[] = [];
    const read = async () => {
      for await (const c of s) deltas.push(c.choices[0]?.delta.content);
    };
    const err = await read().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('Overloaded, try later');
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    // role chunk, "ab", "cd": then the error, no finish, no [DONE].
    expect(deltas).toEqual(['', 'ab', 'cd']);
  });
});

describe('stream_error on the wire', () => {
  it('is a data: frame holding the OpenAI error object, and the stream ends there', async () => {
    const res = await stream('mid-stream error');
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    expect(events).toHaveLength(4);
    expect(JSON.parse(events[3].data)).toEqual({ error: { message: 'Overloaded, try later', type: 'server_error', param: null, code: 'overloaded' } });
    expect(res.text).not.toContain('[DONE]');
  });

  it('defaults to a 500 with its status text; after_frames 0 sends the error first', async () => {
    const events = parseSse((await stream('stream error defaults')).text);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([{ error: { message: 'Internal Server Error', type: 'server_error', param: null, code: 'server_error' } }]);
  });

  it('legacy completions streams carry it the same way', async () => {
    const res = await postRaw(`${h.server.url}/v1/completions`, { model: 'gpt-3.5-turbo-instruct', prompt: 'mid-stream error', stream: true });
    const events = parseSse(res.text);
    expect(JSON.parse(events.at(-1)!.data).error.code).toBe('overloaded');
    expect(events).toHaveLength(4);
  });

  it('a non-streaming request gets the plain answer', async () => {
    expect(JSON.parse((await postRaw(url, chat('mid-stream error'))).text).choices[0].message.content).toBe('abcdefghij');
  });
});
