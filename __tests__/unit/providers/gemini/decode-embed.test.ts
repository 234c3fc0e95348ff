/** `:embedContent` / `:batchEmbedContents` bodies -> EmbedRequest, and every 400. */
import { describe, expect, it } from '@jest/globals';
import type { EmbedRequest } from '../../../../src/canonical/request.js';
import { decodeEmbedRequest, MAX_BATCH } from '../../../../src/providers/gemini/decode-embed.js';

const ctx = { headers: {}, params: { model: 'text-embedding-004' }, query: new URLSearchParams() };
const content = (...texts: string[]) => ({ parts: texts.map((text) => ({ text })) });

function ok(body: unknown, batch: boolean): EmbedRequest {
  const r = decodeEmbedRequest(body, ctx, batch);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.decoded.wire).toEqual({ batch });
  return r.decoded.request as EmbedRequest;
}

describe('decodeEmbedRequest', () => {
  it(':embedContent: one input, the text parts joined, outputDimensionality as the size', () => {
    const req = ok({ content: content('hello', 'world'), outputDimensionality: 8, taskType: 'RETRIEVAL_QUERY' }, false);
    expect(req).toMatchObject({ op: 'embed', provider: 'gemini', model: 'text-embedding-004', inputs: ['hello\nworld'], dimensions: 8 });
  });

  it(':embedContent without outputDimensionality leaves the size to the engine', () => {
    expect(ok({ content: content('x') }, false).dimensions).toBeUndefined();
  });

  it(':batchEmbedContents: one input per request, in order (the SDK\'s models.embedContent body)', () => {
    const req = ok(
      {
        requests: [
          { model: 'models/text-embedding-004', content: content('a'), outputDimensionality: 4 },
          { model: 'models/text-embedding-004', content: content('b'), output_dimensionality: 4 },
        ],
      },
      true,
    );
    expect([req.inputs, req.dimensions]).toEqual([['a', 'b'], 4]);
  });

  it('a request model given without the models/ prefix is the same model', () => {
    expect(ok({ requests: [{ model: 'text-embedding-004', content: content('a') }] }, true).inputs).toEqual(['a']);
  });
});

describe('decodeEmbedRequest: 400s', () => {
  const many = Array.from({ length: MAX_BATCH + 1 }, () => ({ content: content('x') }));
  const cases: Array<[string, unknown, boolean, RegExp]> = [
    ['a body that is not an object', 'x', false, /Expected an EmbedContentRequest object, got a string/],
    ['no content', {}, false, /EmbedContentRequest\.content: content is not specified/],
    ['content not an object', { content: 'hi' }, false, /expected a Content object/],
    ['no parts', { content: { parts: [] } }, false, /parts: contents\.parts must not be empty/],
    ['a part that is not an object', { content: { parts: ['x'] } }, false, /parts\[0\]': expected a Part object/],
    ['a text that is not a string', { content: { parts: [{ text: 1 }] } }, false, /parts\[0\]\.text': expected a string, got a number/],
    ['no text', { content: { parts: [{ text: '  ' }] } }, false, /no text to embed/],
    ['outputDimensionality 0', { content: content('x'), outputDimensionality: 0 }, false, /'outputDimensionality': expected an integer from 1 to 3072, got 0/],
    ['outputDimensionality too large', { content: content('x'), outputDimensionality: 100000 }, false, /from 1 to 3072/],
    ['outputDimensionality a string', { content: content('x'), outputDimensionality: '8' }, false, /got "8"/],
    ['no requests', {}, true, /requests is not specified/],
    ['empty requests', { requests: [] }, true, /requests is not specified/],
    ['requests not a list', { requests: { content: content('x') } }, true, /'requests': expected a list/],
    ['a request that is not an object', { requests: [1] }, true, /'requests\[0\]': expected an EmbedContentRequest object, got a number/],
    ['a request for another model', { requests: [{ model: 'models/other', content: content('x') }] }, true, /must be the model in the URL \(models\/text-embedding-004\), got "models\/other"/],
    ['a request without content', { requests: [{ model: 'models/text-embedding-004' }] }, true, /requests\[0\]\.content: content is not specified/],
    ['sizes that differ', { requests: [{ content: content('a'), outputDimensionality: 4 }, { content: content('b') }] }, true, /same outputDimensionality in every request/],
    ['too many requests', { requests: many }, true, /at most 100 requests/],
  ];
  it.each(cases)('%s', (_name, body, batch, message) => {
    const r = decodeEmbedRequest(body, ctx, batch);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(400);
    expect(r.error.message).toMatch(message);
  });
});
