/**
 * Embeddings bodies against the recorded traces in __tests__/traces/openai-embeddings/, byte for
 * byte, and read back by the official SDK's own `client.embeddings.create` (through a fetch that
 * returns the trace: the SDK's base64 decoding is the judge of the byte order).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import OpenAI from 'openai';
import type { Embeddings, ResponseMeta } from '../../../../src/canonical/answer.js';
import { openAiEmbeddingsCodec } from '../../../../src/providers/openai-embeddings/codec.js';
import { encodeEmbeddingsBody, float32Base64 } from '../../../../src/providers/openai-embeddings/encode.js';

const readTrace = (file: string) => readFileSync(resolve('__tests__', 'traces', 'openai-embeddings', file), 'utf8');

const META: ResponseMeta = { id: 'emb-trace0001', created: 1700000000, model: 'text-embedding-3-small' };
/** Float32-exact values, so the base64 trace decodes to exactly these. */
const TWO: Embeddings = {
  vectors: [
    [0.5, -0.25, 0.125],
    [1, 0, -1],
  ],
  usage: { inputTokens: 7 },
};
const ctx = { headers: {}, params: {}, query: new URLSearchParams() };

function decoded(extra: Record<string, unknown> = {}) {
  const r = openAiEmbeddingsCodec.decode({ model: META.model, input: ['a', 'b'], ...extra }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.decoded;
}

/** An SDK client whose every request is answered with `body` (and records what it sent). */
function sdkAnswering(body: string) {
  const sent: Array<Record<string, unknown>> = [];
  const client = new OpenAI({
    apiKey: 'k',
    baseURL: 'http://llmposter.invalid/v1',
    maxRetries: 0,
    fetch: async (_url, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, sent };
}

describe('embeddings body: recorded traces', () => {
  it('float.json is the exact body for encoding_format float (and for no format)', () => {
    expect(openAiEmbeddingsCodec.encodeEmbeddings!(TWO, META, decoded({ encoding_format: 'float' }))).toBe(readTrace('float.json'));
    expect(openAiEmbeddingsCodec.encodeEmbeddings!(TWO, META, decoded())).toBe(readTrace('float.json'));
  });

  it('base64.json is the exact body for encoding_format base64', () => {
    expect(openAiEmbeddingsCodec.encodeEmbeddings!(TWO, META, decoded({ encoding_format: 'base64' }))).toBe(readTrace('base64.json'));
  });

  it('float-as-given.json: a fixture vector goes out as written, not rounded to float32', () => {
    const body = encodeEmbeddingsBody({ vectors: [[0.1, -0.2, 0.1 + 0.2]], usage: { inputTokens: 1 } }, { model: 'text-embedding-ada-002' }, { encodingFormat: 'float' });
    expect(body).toBe(readTrace('float-as-given.json'));
  });

  it('the traces hold what the API reference shows: list, one embedding object per input with its index, usage', () => {
    const body = JSON.parse(readTrace('float.json'));
    expect(Object.keys(body)).toEqual(['object', 'data', 'model', 'usage']);
    expect(body.data.map((d: Record<string, unknown>) => Object.keys(d))).toEqual([
      ['object', 'embedding', 'index'],
      ['object', 'embedding', 'index'],
    ]);
    expect(body.data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    expect(body.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });
});

describe('the official SDK reads the traces', () => {
  it('with no encoding_format it asks for base64 and decodes base64.json to the float32 values', async () => {
    const { client, sent } = sdkAnswering(readTrace('base64.json'));
    const res = await client.embeddings.create({ model: META.model, input: ['a', 'b'] });
    expect(sent[0].encoding_format).toBe('base64');
    expect(res.data.map((d) => d.embedding)).toEqual(TWO.vectors);
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it('with encoding_format float it returns float.json as sent', async () => {
    const { client } = sdkAnswering(readTrace('float.json'));
    const res = await client.embeddings.create({ model: META.model, input: ['a', 'b'], encoding_format: 'float' });
    expect(res.data.map((d) => d.embedding)).toEqual(TWO.vectors);
  });
});

describe('float32Base64', () => {
  it('writes little-endian float32 bytes', () => {
    expect(Buffer.from(float32Base64([1]), 'base64')).toEqual(Buffer.from([0x00, 0x00, 0x80, 0x3f]));
    expect(Buffer.from(float32Base64([-2, 0.5]), 'base64')).toEqual(Buffer.from([0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x3f]));
  });

  it('rounds to the nearest float32 (what the API sends) and is empty for an empty vector', () => {
    expect(Buffer.from(float32Base64([0.1]), 'base64').readFloatLE(0)).toBe(Math.fround(0.1));
    expect(float32Base64([])).toBe('');
  });
});

describe('chat encoders', () => {
  it('are never used: a chat answer on the embeddings codec is a bug, said loudly', () => {
    const answer = { parts: [], finish: { reason: 'stop' as const }, usage: { inputTokens: 0, outputTokens: 0 } };
    expect(() => openAiEmbeddingsCodec.encodeBody(answer, META, decoded())).toThrow('embeddings requests only');
    expect(() => openAiEmbeddingsCodec.encodeStream([], META, decoded())).toThrow('embeddings requests only');
  });

  it('errors are OpenAI errors', () => {
    const e = openAiEmbeddingsCodec.encodeError({ status: 429, message: 'Slow down' });
    expect([e.status, JSON.parse(e.body)]).toEqual([429, { error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } }]);
    expect(e.headers['retry-after']).toBe('1');
  });
});
