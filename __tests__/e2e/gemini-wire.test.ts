/**
 * Gemini on the wire: the two stream framings (SSE with `?alt=sse`, a JSON array written
 * element by element without it), seeded faults counted in elements, the mid-stream `{error}`
 * the SDK raises, bad input (always a Google-shaped 4xx, the server stays up) and determinism.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError, type GenerateContentResponse } from '@google/genai';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

// "abcdefghij" in chunks of 2 -> 5 elements (the last carries finishReason).
const STREAM = `response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }`;
const FIXTURES = `
fixtures:
  - match: { user_message: "plain" }
    ${STREAM}
  - match: { user_message: "slow elements" }
    response: { content: "abcdefghij" }
    streaming: { chunk_size: 2, latency: 120 }
  - match: { user_message: "truncate" }
    ${STREAM}
    failure: { truncate_after_frames: 3 }
  - match: { user_message: "duplicate" }
    ${STREAM}
    failure: { duplicate_frames: true, chaos_seed: 5 }
  - match: { user_message: "disconnect" }
    response: { content: "0123456789012345678901234567890123456789" }
    streaming: { chunk_size: 2, latency: 30 }
    failure: { disconnect_after_ms: 100 }
  - match: { user_message: "corrupt" }
    ${STREAM}
    failure: { corrupt_body: true }
  - match: { user_message: "mid-stream error" }
    ${STREAM}
    failure: { stream_error: { after_frames: 2, status: 429, message: "Resource has been exhausted (e.g. check quota)." } }
  - match: { user_message: "error at once" }
    ${STREAM}
    failure: { stream_error: { after_frames: 0 } }
  - match: { user_message: "slow start" }
    response: { content: "eventually" }
    failure: { latency_ms: 150 }
  - match: { user_message: "jitter" }
    response: { content: "a fairly long answer that streams in many small chunks" }
    streaming: { chunk_size: 4, latency: 2 }
    failure: { latency_jitter_ms: 2, duplicate_frames: true, probability: 0.5 }
  - match: { user_message: "tools" }
    response:
      tool_calls: [{ name: lookup, arguments: { q: "x" } }]
`;

let h: Harness;
const MODEL = 'gemini-2.0-flash';
beforeAll(async () => {
  h = await startWith({ 'gemini.yaml': FIXTURES }, { maxBodyBytes: 4096 });
});
afterAll(() => h.close());

const body = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });
const streamUrl = (alt: boolean) => `${h.server.url}/v1beta/models/${MODEL}:streamGenerateContent${alt ? '?alt=sse' : ''}`;
const sse = (text: string, headers: Record<string, string> = {}) => postRaw(streamUrl(true), body(text), headers);
const array = (text: string) => postRaw(streamUrl(false), body(text));
const texts = (elements: Array<{ candidates?: Array<{ content?: { parts: Array<{ text?: string }> } }> }>) => elements.map((e) => e.candidates?.[0].content?.parts[0].text);

async function sdkStream(text: string): Promise<{ chunks: GenerateContentResponse[]; error?: unknown }> {
  const chunks: GenerateContentResponse[] = [];
  try {
    for await (const c of await geminiClient(h.server.url).models.generateContentStream({ model: MODEL, contents: text })) chunks.push(c);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks };
}

describe('stream framing', () => {
  it('?alt=sse: text/event-stream, one data: frame per element, no [DONE]', async () => {
    const res = await sse('plain');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(res.text);
    expect(texts(events.map((e) => JSON.parse(e.data)))).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
    expect(JSON.parse(events[4].data).candidates[0].finishReason).toBe('STOP');
    expect(res.text).not.toContain('[DONE]');
  });

  it('without alt: a JSON array (application/json) holding the same elements', async () => {
    const res = await array('plain');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const elements = JSON.parse(res.text);
    expect(Array.isArray(elements)).toBe(true);
    expect(texts(elements)).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
    expect(elements[4].usageMetadata.candidatesTokenCount).toBeGreaterThan(0);
  });

  it('without alt, elements are written as they are produced: the first arrives long before the last', async () => {
    // 5 elements 120 ms apart: the first is due at once, the last ~480 ms later.
    const started = performance.now();
    const res = await fetch(streamUrl(false), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body('slow elements')) });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let firstElementAt: number | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (firstElementAt === undefined && text.includes('"ab"')) firstElementAt = performance.now() - started;
    }
    const endAt = performance.now() - started;
    expect(texts(JSON.parse(text))).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
    // Loose: the first element came before the body's later part was even produced.
    expect(firstElementAt).toBeDefined();
    expect(endAt - firstElementAt!).toBeGreaterThanOrEqual(300);
    expect(text.startsWith('[{')).toBe(true);
  });

  it('streamed tool calls in a JSON array: one element per call', async () => {
    const elements = JSON.parse((await array('tools')).text);
    expect(elements).toHaveLength(1);
    expect(elements[0].candidates[0].content.parts[0]).toEqual({ functionCall: { name: 'lookup', args: { q: 'x' } } });
  });

  it('alt=sse on :generateContent is a plain body', async () => {
    const res = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent?alt=sse`, body('plain'));
    expect(JSON.parse(res.text).candidates[0].content.parts[0].text).toBe('abcdefghij');
  });
});

describe('faults count elements', () => {
  it('truncate_after_frames: N SSE frames, no finishReason; the SDK ends without one', async () => {
    const events = parseSse((await sse('truncate')).text);
    expect(texts(events.map((e) => JSON.parse(e.data)))).toEqual(['ab', 'cd', 'ef']);
    const { chunks, error } = await sdkStream('truncate');
    expect(error).toBeUndefined();
    expect(chunks.map((c) => c.text)).toEqual(['ab', 'cd', 'ef']);
    expect(chunks.every((c) => c.candidates?.[0].finishReason === undefined)).toBe(true);
  });

  it('truncate_after_frames in a JSON array: N elements and no closing bracket', async () => {
    const res = await array('truncate');
    expect(res.text.endsWith(']')).toBe(false);
    expect(() => JSON.parse(res.text)).toThrow();
    expect(texts(JSON.parse(`${res.text}]`))).toEqual(['ab', 'cd', 'ef']);
  });

  it('duplicate_frames: every element twice, back to back', async () => {
    const events = parseSse((await sse('duplicate')).text);
    expect(events).toHaveLength(10);
    for (let i = 0; i < 10; i += 2) expect(events[i].data).toBe(events[i + 1].data);
    expect(texts(JSON.parse((await array('duplicate')).text))).toEqual(['ab', 'ab', 'cd', 'cd', 'ef', 'ef', 'gh', 'gh', 'ij', 'ij']);
  });

  it('disconnect_after_ms aborts the transfer (raw fetch and the SDK both see an error)', async () => {
    for (const alt of [true, false]) {
      const res = await fetch(streamUrl(alt), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body('disconnect')) });
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    }
    const { chunks, error } = await sdkStream('disconnect');
    expect(error).toBeDefined();
    expect(chunks.length).toBeLessThan(20);
  });

  it('corrupt_body: `data: overloaded` (SSE), `[overloaded]` (array), text/plain `overloaded` (body); the SDK raises', async () => {
    expect((await sse('corrupt')).text).toBe('data: overloaded\n\n');
    expect((await array('corrupt')).text).toBe('[overloaded]');
    const plain = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, body('corrupt'));
    expect([plain.status, plain.headers.get('content-type'), plain.text]).toEqual([200, 'text/plain; charset=utf-8', 'overloaded']);
    expect((await sdkStream('corrupt')).error).toBeDefined();
  });

  it('latency_ms waits before answering', async () => {
    const t0 = performance.now();
    const res = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, body('slow start'));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });
});

describe('mid-stream error (failure.stream_error)', () => {
  it('SSE: the frames before it, then a data: {error} frame, then the end', async () => {
    const events = parseSse((await sse('mid-stream error')).text);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([
      expect.objectContaining({ candidates: [expect.objectContaining({ content: { parts: [{ text: 'ab' }], role: 'model' } })] }),
      expect.objectContaining({ candidates: [expect.objectContaining({ content: { parts: [{ text: 'cd' }], role: 'model' } })] }),
      { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
    ]);
  });

  it('JSON array: the {error} element closes a well-formed array', async () => {
    const elements = JSON.parse((await array('mid-stream error')).text);
    expect(elements).toHaveLength(3);
    expect(elements[2]).toEqual({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } });
  });

  it('generateContentStream yields the chunks before it, then raises an ApiError with the status', async () => {
    const { chunks, error } = await sdkStream('mid-stream error');
    expect(chunks.map((c) => c.text)).toEqual(['ab', 'cd']);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).message).toContain('RESOURCE_EXHAUSTED');
  });

  it('after_frames 0 with the defaults: a 500 INTERNAL before any chunk', async () => {
    const { chunks, error } = await sdkStream('error at once');
    expect(chunks).toEqual([]);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).message).toContain('INTERNAL');
  });
});

describe('bad input: a Google-shaped 4xx, never a 5xx, and the server keeps serving', () => {
  const gen = `/v1beta/models/${MODEL}:generateContent`;
  const cases: Array<[string, string, string | unknown]> = [
    ['bad JSON', gen, '{"contents": ['],
    ['an empty body', gen, ''],
    ['a JSON array body', gen, [1, 2]],
    ['a JSON string body', gen, '"hello"'],
    ['no contents', gen, {}],
    ['contents not a list', gen, { contents: 'hi' }],
    ['a part text that is a number', gen, { contents: [{ parts: [{ text: 5 }] }] }],
    ['a bad role', gen, { contents: [{ role: 'system', parts: [{ text: 'x' }] }] }],
    ['a blank user turn', gen, { contents: [{ parts: [{ text: '  ' }] }] }],
    ['systemInstruction as a string', gen, { contents: [{ parts: [{ text: 'x' }] }], systemInstruction: 'x' }],
    ['a temperature string', gen, { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 'hot' } }],
    ['a stream without contents', `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, { contents: [] }],
    ['embedContent without content', '/v1beta/models/text-embedding-004:embedContent', {}],
    ['batchEmbedContents without requests', '/v1beta/models/text-embedding-004:batchEmbedContents', { requests: 'x' }],
    ['an outputDimensionality of 0', '/v1/models/text-embedding-004:embedContent', { content: { parts: [{ text: 'x' }] }, outputDimensionality: 0 }],
    ['countTokens with bad JSON', `/v1beta/models/${MODEL}:countTokens`, '{'],
    ['JSON nested too deep', gen, `${'['.repeat(200)}${']'.repeat(200)}`],
  ];

  it.each(cases)('%s -> 400 INVALID_ARGUMENT', async (_name, path, payload) => {
    const res = await postRaw(`${h.server.url}${path}`, payload);
    expect(res.status).toBe(400);
    const e = JSON.parse(res.text).error;
    expect([e.code, e.status, typeof e.message]).toEqual([400, 'INVALID_ARGUMENT', 'string']);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('a body over --max-body-bytes -> 413 in Google\'s shape, on the LLM routes and countTokens', async () => {
    const big = { contents: [{ parts: [{ text: 'x'.repeat(10_000) }] }] };
    for (const method of ['generateContent', 'countTokens']) {
      const res = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:${method}`, big);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error).toMatchObject({ code: 413 });
    }
  });

  it('still answers after all of that', async () => {
    const res = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, body('plain'));
    expect(JSON.parse(res.text).candidates[0].content.parts[0].text).toBe('abcdefghij');
  });
});

describe('determinism', () => {
  const REQUESTS: Array<[string, unknown]> = [
    [`/v1beta/models/${MODEL}:generateContent`, body('plain')],
    [`/v1beta/models/${MODEL}:generateContent`, body('tools')],
    [`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, body('jitter')],
    [`/v1beta/models/${MODEL}:streamGenerateContent`, body('jitter')],
    [`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, body('jitter')],
    ['/v1beta/models/text-embedding-004:embedContent', { content: { parts: [{ text: 'vector' }] }, outputDimensionality: 8 }],
    [`/v1beta/models/${MODEL}:countTokens`, body('plain')],
  ];
  const transcript = async (s: Harness) => {
    const out: string[] = [];
    for (const [path, b] of REQUESTS) {
      const res = await postRaw(`${s.server.url}${path}`, b);
      out.push(`${res.status} ${res.headers.get('x-request-id')} ${res.headers.get('x-llmposter-seed')}\n${res.text}`);
    }
    return out;
  };

  it('same seed + fixtures + frozen time + request order => byte-identical responses', async () => {
    const a = await startWith({ 'g.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    const b = await startWith({ 'g.yaml': FIXTURES }, { seed: 99, freezeTime: 1_700_000_000 });
    try {
      const ta = await transcript(a);
      expect(await transcript(b)).toEqual(ta);
      expect(ta[0]).toContain('"responseId":"');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('x-llmposter-seed replays a request: same responseId, same chaos', async () => {
    const first = await sse('jitter');
    const seed = first.headers.get('x-llmposter-seed')!;
    const again = await sse('jitter', { 'x-llmposter-seed': seed });
    expect(again.headers.get('x-llmposter-seed')).toBe(seed);
    expect(again.text).toBe(first.text);
    const other = await sse('jitter', { 'x-llmposter-seed': String(Number(seed) + 1) });
    expect(JSON.parse(parseSse(other.text)[0].data).responseId).not.toBe(JSON.parse(parseSse(first.text)[0].data).responseId);
  });
});
