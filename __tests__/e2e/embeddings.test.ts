/** POST /v1/embeddings, seen through the official `openai` SDK and on the raw wire. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - name: fixed-vector
    match: { user_message: { equals: "fixed" } }
    response: { embedding: [0.1, -0.2, 0.3] }
  - name: rate-limited
    match: { user_message: "rate limit me" }
    error: { status: 429, message: "Slow down", headers: { retry-after: "3" } }
  - name: broken
    match: { user_message: "server broke" }
    error: { status: 503, message: "Try later" }
  - name: bad-key
    match: { user_message: "bad key" }
    error: { status: 401, message: "Incorrect API key provided" }
  - name: large-model-only
    match: { user_message: "which model", model: "text-embedding-3-large" }
    response: { embedding: [1, 0] }
  - name: tenant
    match: { user_message: "tenant", headers: { x-tenant: "acme" }, metadata: { team: "search" } }
    response: { embedding: [0, 1] }
  - name: anthropic-only
    provider: anthropic
    match: { user_message: "provider check" }
    response: { embedding: [5] }
  - name: openai-only
    provider: openai
    match: { user_message: "provider openai" }
    response: { embedding: [6] }
  - name: chat-only
    match: { user_message: "chat only" }
    response: { content: "I only answer chat" }
`;

const MODEL = 'text-embedding-3-small';
const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startWith({ 'embeddings.yaml': FIXTURES });
  url = `${h.server.url}/v1/embeddings`;
});
afterAll(() => h.close());

const floats = (input: string | string[], extra: Record<string, unknown> = {}) =>
  h.client.embeddings.create({ model: MODEL, input, encoding_format: 'float', ...extra });

describe('generated vectors (no fixture matches)', () => {
  it('a string input: one 1536-number vector of length 1, index 0, the model echoed, usage from the tokenizer', async () => {
    const res = await floats('The quick brown fox');
    expect(res.object).toBe('list');
    expect(res.model).toBe(MODEL);
    expect(res.data).toHaveLength(1);
    expect(res.data[0].object).toBe('embedding');
    expect(res.data[0].index).toBe(0);
    expect(res.data[0].embedding).toHaveLength(1536);
    expect(norm(res.data[0].embedding)).toBeCloseTo(1, 9);
    expect(res.usage).toEqual({ prompt_tokens: countTokens('The quick brown fox'), total_tokens: countTokens('The quick brown fox') });
  });

  it('an array input: one vector per item, indexes in order, all different, usage summed', async () => {
    const inputs = ['alpha', 'beta', 'gamma', 'delta'];
    const res = await floats(inputs);
    expect(res.data.map((d) => d.index)).toEqual([0, 1, 2, 3]);
    const keys = new Set(res.data.map((d) => d.embedding.slice(0, 4).join(',')));
    expect(keys.size).toBe(4);
    for (const d of res.data) expect(norm(d.embedding)).toBeCloseTo(1, 9);
    expect(res.usage.prompt_tokens).toBe(inputs.reduce((n, s) => n + countTokens(s), 0));
  });

  it('the SDK default (base64) decodes to the float32 of the same numbers', async () => {
    const asFloat = await floats(['alpha', 'beta']);
    const viaBase64 = await h.client.embeddings.create({ model: MODEL, input: ['alpha', 'beta'] });
    expect(viaBase64.data).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      expect(viaBase64.data[i].embedding).toHaveLength(1536);
      expect(viaBase64.data[i].embedding).toEqual(asFloat.data[i].embedding.map(Math.fround));
    }
  });

  it('base64 on the wire is a string of 4 bytes per dimension', async () => {
    const res = await postRaw(url, { model: MODEL, input: 'x', encoding_format: 'base64', dimensions: 8 });
    const body = JSON.parse(res.text);
    expect(typeof body.data[0].embedding).toBe('string');
    const bytes = Buffer.from(body.data[0].embedding, 'base64');
    expect(bytes.length).toBe(32);
    const values = Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(norm(values)).toBeCloseTo(1, 6);
  });

  it('dimensions sets the vector size (still of length 1)', async () => {
    for (const dimensions of [1, 256, 3072]) {
      const res = await floats('sized', { dimensions });
      expect(res.data[0].embedding).toHaveLength(dimensions);
      expect(norm(res.data[0].embedding)).toBeCloseTo(1, 9);
    }
  });

  it('the same text embeds the same way in any position and request, a different model differently', async () => {
    const ab = await floats(['one', 'two']);
    const ba = await floats(['two', 'one']);
    const single = await floats('one');
    expect(ab.data[0].embedding).toEqual(ba.data[1].embedding);
    expect(ab.data[1].embedding).toEqual(ba.data[0].embedding);
    expect(single.data[0].embedding).toEqual(ab.data[0].embedding);
    const other = await h.client.embeddings.create({ model: 'text-embedding-3-large', input: 'one', encoding_format: 'float' });
    expect(other.data[0].embedding).not.toEqual(ab.data[0].embedding);
  });

  it('token-array inputs embed like the same text sent as a string', async () => {
    // cl100k_base: [9906, 11, 1917, 0] is "Hello, world!".
    const tokens = await postRaw(url, { model: MODEL, input: [[9906, 11, 1917, 0], [9906]], encoding_format: 'float' });
    const text = await floats(['Hello, world!', 'Hello']);
    expect(tokens.status).toBe(200);
    expect(JSON.parse(tokens.text).data.map((d: { embedding: number[] }) => d.embedding)).toEqual(text.data.map((d) => d.embedding));
  });
});

describe('fixtures', () => {
  it('a fixture vector is returned exactly as written (float), and named in x-llmposter-fixture', async () => {
    const res = await postRaw(url, { model: MODEL, input: ['other', 'fixed'], encoding_format: 'float' });
    const body = JSON.parse(res.text);
    expect(body.data[1]).toEqual({ object: 'embedding', embedding: [0.1, -0.2, 0.3], index: 1 });
    expect(body.data[0].embedding).toHaveLength(1536);
    expect(res.headers.get('x-llmposter-fixture')).toBe('embeddings.yaml#0');
  });

  it('a fixture vector through the SDK default (base64) comes back as its float32 values', async () => {
    const res = await h.client.embeddings.create({ model: MODEL, input: 'fixed' });
    expect(res.data[0].embedding).toEqual([0.1, -0.2, 0.3].map(Math.fround));
  });

  it('dimensions does not resize a fixture vector', async () => {
    expect((await floats('fixed', { dimensions: 8 })).data[0].embedding).toEqual([0.1, -0.2, 0.3]);
  });

  it('model, headers and metadata match keys work on embeddings', async () => {
    expect((await h.client.embeddings.create({ model: 'text-embedding-3-large', input: 'which model', encoding_format: 'float' })).data[0].embedding).toEqual([1, 0]);
    expect((await floats('which model')).data[0].embedding).toHaveLength(1536);
    const tenant = await postRaw(url, { model: MODEL, input: 'tenant', encoding_format: 'float', metadata: { team: 'search' } }, { 'x-tenant': 'acme' });
    expect(JSON.parse(tenant.text).data[0].embedding).toEqual([0, 1]);
    const noHeader = await postRaw(url, { model: MODEL, input: 'tenant', encoding_format: 'float', metadata: { team: 'search' } });
    expect(JSON.parse(noHeader.text).data[0].embedding).toHaveLength(1536);
  });

  it('provider: openai answers here, provider: anthropic does not', async () => {
    expect((await floats('provider openai')).data[0].embedding).toEqual([6]);
    expect((await floats('provider check')).data[0].embedding).toHaveLength(1536);
  });

  it('a chat-only fixture does not answer embeddings', async () => {
    expect((await floats('chat only')).data[0].embedding).toHaveLength(1536);
  });
});

describe('error fixtures raise the SDK error for their status', () => {
  it('429 -> RateLimitError with the fixture retry-after, even when only one input matches', async () => {
    const err = await floats(['fine', 'rate limit me']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.message).toContain('Slow down');
    expect(e.headers?.get('retry-after')).toBe('3');
    expect(e.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null });
  });

  it('503 -> InternalServerError, 401 -> AuthenticationError', async () => {
    await expect(floats('server broke')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(floats('bad key')).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('bad input: OpenAI 400s, never a 5xx, the server stays up', () => {
  it.each([
    ['no input', { model: MODEL }, 'input', "Missing required parameter: 'input'."],
    ['no model', { input: 'x' }, 'model', 'you must provide a model parameter'],
    ['an empty string', { model: MODEL, input: '' }, 'input', "'$.input' is invalid: the input is an empty string"],
    ['an empty item', { model: MODEL, input: ['a', ''] }, 'input', "'$.input' is invalid: input[1] is an empty string"],
    ['an object input', { model: MODEL, input: { a: 1 } }, 'input', "'$.input' is invalid: expected a string or an array"],
    ['a bad token', { model: MODEL, input: [1, 2, 999999] }, 'input', '999999, which is not a cl100k_base token id'],
    ['dimensions 0', { model: MODEL, input: 'x', dimensions: 0 }, 'dimensions', "Invalid 'dimensions'"],
    ['encoding_format hex', { model: MODEL, input: 'x', encoding_format: 'hex' }, 'encoding_format', "Invalid value for 'encoding_format'"],
  ])('%s', async (_name, body, param, message) => {
    const res = await postRaw(url, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    const e = JSON.parse(res.text).error;
    expect([e.type, e.code, e.param]).toEqual(['invalid_request_error', 'invalid_request', param]);
    expect(e.message).toContain(message);
  });

  it('bad JSON and a non-object body are 400s', async () => {
    const badJson = await postRaw(url, '{"model": "m", "input": ');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.text).error.message).toContain('We could not parse the JSON body');
    expect((await postRaw(url, '[1, 2]')).status).toBe(400);
    expect((await postRaw(url, 'null')).status).toBe(400);
  });

  it('the SDK raises BadRequestError; the next request is served', async () => {
    await expect(h.client.embeddings.create({ model: MODEL, input: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect((await floats('still up')).data).toHaveLength(1);
  });
});

describe('determinism', () => {
  const REQUESTS: Array<Record<string, unknown>> = [
    { model: MODEL, input: ['a', 'b'], encoding_format: 'float', dimensions: 16 },
    { model: MODEL, input: 'fixed', encoding_format: 'base64' },
    { model: MODEL, input: 'c', dimensions: 4 },
  ];
  const transcript = async (hh: Harness) => {
    const out: string[] = [];
    for (const body of REQUESTS) {
      const res = await postRaw(`${hh.server.url}/v1/embeddings`, body);
      out.push(`${res.status} ${res.headers.get('x-request-id')} ${res.headers.get('x-llmposter-seed')}\n${res.text}`);
    }
    return out;
  };

  it('same seed + fixtures + frozen time => byte-identical bodies; another seed => other vectors', async () => {
    const a = await startWith({ 'e.yaml': FIXTURES }, { seed: 7, freezeTime: 1_700_000_000 });
    const b = await startWith({ 'e.yaml': FIXTURES }, { seed: 7, freezeTime: 1_700_000_000 });
    const c = await startWith({ 'e.yaml': FIXTURES }, { seed: 8, freezeTime: 1_700_000_000 });
    try {
      const ta = await transcript(a);
      expect(ta).toEqual(await transcript(b));
      const tc = await transcript(c);
      expect(tc[0].split('\n')[1]).not.toBe(ta[0].split('\n')[1]);
      // The fixture vector is the same whatever the seed.
      expect(tc[1].split('\n')[1]).toBe(ta[1].split('\n')[1]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('an x-llmposter-seed header replays the same body and names the seed', async () => {
    const body = { model: MODEL, input: 'replay me', encoding_format: 'float', dimensions: 8 };
    const r1 = await postRaw(url, body, { 'x-llmposter-seed': '42' });
    const r2 = await postRaw(url, body, { 'x-llmposter-seed': '42' });
    expect(r1.headers.get('x-llmposter-seed')).toBe('42');
    expect(r1.text).toBe(r2.text);
  });
});
