/** POST /v1/embeddings bodies -> the neutral EmbedRequest, and every 400 the decoder sends. */
import { describe, expect, it } from '@jest/globals';
import type { EmbedRequest } from '../../../../src/canonical/request.js';
import { openAiEmbeddingsCodec } from '../../../../src/providers/openai-embeddings/codec.js';
import { decodeEmbeddingsRequest, MAX_DIMENSIONS, MAX_INPUTS } from '../../../../src/providers/openai-embeddings/decode-request.js';
import { decodeTokens } from '../../../../src/providers/openai-embeddings/token-input.js';

const headers = { 'x-trace': '1' };
const ctx = { headers, params: {}, query: new URLSearchParams() };
const model = 'text-embedding-3-small';

function ok(body: unknown) {
  const r = decodeEmbeddingsRequest(body, ctx);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.status} ${r.error.message}`);
  return { request: r.decoded.request as EmbedRequest, wire: r.decoded.wire };
}

function bad(body: unknown) {
  const r = decodeEmbeddingsRequest(body, ctx);
  if (r.ok) throw new Error('expected a 400');
  return r.error;
}

// The cl100k_base ids of 'Hello, world!' (9906 alone is 'Hello').
const HELLO_WORLD = [9906, 11, 1917, 0];

describe('decodeEmbeddingsRequest: valid requests', () => {
  it('a string input is one input, kept exactly as sent (not trimmed)', () => {
    const body = { model, input: '  The quick brown fox\n' };
    expect(ok(body)).toEqual({
      request: { op: 'embed', provider: 'openai', model, metadata: {}, inputs: ['  The quick brown fox\n'], headers, body },
      wire: { encodingFormat: 'float' },
    });
  });

  it('the codec decodes with the same function and answers embeddings', () => {
    expect(openAiEmbeddingsCodec.decode).toBe(decodeEmbeddingsRequest);
    expect(openAiEmbeddingsCodec.provider).toBe('openai');
    expect(typeof openAiEmbeddingsCodec.encodeEmbeddings).toBe('function');
  });

  it('an array of strings is one input per item, in order (never collapsed into one)', () => {
    expect(ok({ model, input: ['one', 'two', 'three'] }).request.inputs).toEqual(['one', 'two', 'three']);
  });

  it('whitespace-only strings are inputs like any other', () => {
    expect(ok({ model, input: [' ', '\n'] }).request.inputs).toEqual([' ', '\n']);
  });

  it('a flat array of token ids is one input, decoded with cl100k_base', () => {
    expect(ok({ model, input: HELLO_WORLD }).request.inputs).toEqual(['Hello, world!']);
  });

  it('an array of token arrays is one input per array; strings and token arrays may mix', () => {
    expect(ok({ model, input: [HELLO_WORLD, [9906], 'plain'] }).request.inputs).toEqual(['Hello, world!', 'Hello', 'plain']);
  });

  it('encoding_format base64 goes to `wire`; float and null mean float', () => {
    expect(ok({ model, input: 'x', encoding_format: 'base64' }).wire).toEqual({ encodingFormat: 'base64' });
    expect(ok({ model, input: 'x', encoding_format: 'float' }).wire).toEqual({ encodingFormat: 'float' });
    expect(ok({ model, input: 'x', encoding_format: null }).wire).toEqual({ encodingFormat: 'float' });
  });

  it('dimensions is kept when given and absent otherwise', () => {
    expect(ok({ model, input: 'x', dimensions: 256 }).request.dimensions).toBe(256);
    expect(ok({ model, input: 'x', dimensions: MAX_DIMENSIONS }).request.dimensions).toBe(MAX_DIMENSIONS);
    expect(Object.hasOwn(ok({ model, input: 'x' }).request, 'dimensions')).toBe(false);
    expect(Object.hasOwn(ok({ model, input: 'x', dimensions: null }).request, 'dimensions')).toBe(false);
  });

  it('metadata is read like chat metadata (numbers and booleans as strings); `user` is ignored', () => {
    expect(ok({ model, input: 'x', metadata: { team: 'search', n: 3, on: true }, user: 'u-1' }).request.metadata).toEqual({ team: 'search', n: '3', on: 'true' });
  });

  it(`exactly ${MAX_INPUTS} inputs are allowed`, () => {
    expect(ok({ model, input: Array.from({ length: MAX_INPUTS }, (_, i) => `t${i}`) }).request.inputs).toHaveLength(MAX_INPUTS);
  });
});

describe('decodeEmbeddingsRequest: 400s in OpenAI words', () => {
  it.each([
    ['a body that is not an object', ['x'], null, 'The request body must be a JSON object.'],
    ['no model', { input: 'x' }, 'model', 'you must provide a model parameter'],
    ['an empty model', { model: '', input: 'x' }, 'model', 'you must provide a model parameter'],
    ['no input', { model }, 'input', "Missing required parameter: 'input'."],
    ['a null input', { model, input: null }, 'input', "Missing required parameter: 'input'."],
  ])('%s', (_name, body, param, message) => {
    expect(bad(body)).toEqual({ status: 400, message, param });
  });

  it.each([
    ['an empty string', '', 'the input is an empty string'],
    ['an empty array', [], 'the input is an empty array'],
    ['an empty string among others', ['a', '', 'c'], 'input[1] is an empty string'],
    ['a number', 42, 'expected a string or an array, but got a number'],
    ['an object', { text: 'hi' }, 'expected a string or an array, but got an object'],
    ['an object item', ['a', { text: 'hi' }], 'input[1] is an object, not a string or a token array'],
    ['a null item', ['a', null], 'input[1] is null, not a string or a token array'],
    ['an empty token array item', ['a', []], 'input[1] is an empty token array'],
    ['a negative token', [1, -5], 'the token array holds -5, which is not a cl100k_base token id'],
    ['a fractional token', [[1, 2.5]], 'input[0] holds 2.5, which is not a cl100k_base token id'],
    ['a token past the vocabulary', [[100277]], 'input[0] holds 100277, which is not a cl100k_base token id'],
    ['a string inside a flat token array', [1, 'a'], 'the token array holds "a", which is not a cl100k_base token id'],
  ])("input %s: '$.input' is invalid, saying why", (_name, input, why) => {
    const e = bad({ model, input });
    expect([e.status, e.param]).toEqual([400, 'input']);
    expect(e.message).toContain(`'$.input' is invalid: ${why}`);
  });

  it(`more than ${MAX_INPUTS} inputs`, () => {
    const e = bad({ model, input: Array.from({ length: MAX_INPUTS + 1 }, () => 'x') });
    expect(e.message).toContain(`it holds ${MAX_INPUTS + 1} items, more than the ${MAX_INPUTS} allowed`);
  });

  it.each([['hex'], [''], [1], [true]])('encoding_format %p', (format) => {
    expect(bad({ model, input: 'x', encoding_format: format })).toEqual({
      status: 400,
      message: `Invalid value for 'encoding_format': expected 'float' or 'base64', but got ${JSON.stringify(format)}.`,
      param: 'encoding_format',
    });
  });

  it.each([[0], [-3], [1.5], ['256'], [MAX_DIMENSIONS + 1], [true]])('dimensions %p', (dimensions) => {
    expect(bad({ model, input: 'x', dimensions })).toEqual({
      status: 400,
      message: `Invalid 'dimensions': expected an integer from 1 to ${MAX_DIMENSIONS}, but got ${JSON.stringify(dimensions)} instead.`,
      param: 'dimensions',
    });
  });

  it('a wrong metadata type is the shared OpenAI 400', () => {
    expect(bad({ model, input: 'x', metadata: 'a' })).toMatchObject({ status: 400, param: 'metadata' });
  });
});

describe('decodeTokens', () => {
  it('decodes cl100k_base ids, special tokens included', () => {
    expect(decodeTokens(HELLO_WORLD)).toEqual({ ok: true, text: 'Hello, world!' });
    expect(decodeTokens([100257])).toEqual({ ok: true, text: '<|endoftext|>' });
  });

  it('names the first id that is not a token', () => {
    expect(decodeTokens([9906, 100256, 5])).toEqual({ ok: false, badToken: 100256 });
    expect(decodeTokens([9906, Number.NaN])).toEqual({ ok: false, badToken: Number.NaN });
  });
});
