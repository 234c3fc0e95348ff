/**
 * `:embedContent` and `:batchEmbedContents` bodies -> EmbedRequest, one input per vector:
 * - `:embedContent`: `{content: {parts: [{text}]}, outputDimensionality?}` -> one input;
 * - `:batchEmbedContents`: `{requests: [{model, content, outputDimensionality?}, ...]}` -> one
 *   input per request (the `@google/genai` SDK's `models.embedContent` sends this).
 * A content's text parts are joined by newline; that text is what `match.user_message` sees.
 * The vector size is `outputDimensionality` (the engine's default without it).
 */
import type { NeutralError } from '../../canonical/answer.js';
import type { EmbedRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { isObject, typeName, type Json } from '../openai/decode-common.js';
import { invalidArgument } from './errors.js';
import { field, notAnObject, pathModel } from './decode-request.js';

/** What the encoder needs back: which of the two response shapes to send. */
export interface GeminiEmbedWire {
  batch: boolean;
}

/** The API's own limit on requests per batch. */
export const MAX_BATCH = 100;
/** gemini-embedding-001's largest size; a bound on the response too. */
export const MAX_OUTPUT_DIMENSIONALITY = 3072;

type Result<T> = { ok: true; value: T } | { ok: false; error: NeutralError };

const fail = (message: string, param: string): { ok: false; error: NeutralError } => ({ ok: false, error: invalidArgument(message, param) });

function contentText(c: unknown, where: string): Result<string> {
  if (c === undefined || c === null) return fail(`* ${where}: content is not specified`, where);
  if (!isObject(c)) return fail(`Invalid value at '${where}': expected a Content object ({parts: [{text}]}), got ${typeName(c)}.`, where);
  if (!Array.isArray(c.parts) || c.parts.length === 0) return fail(`* ${where}.parts: contents.parts must not be empty.`, `${where}.parts`);
  const texts: string[] = [];
  for (let i = 0; i < c.parts.length; i++) {
    const p: unknown = c.parts[i];
    if (!isObject(p)) return fail(`Invalid value at '${where}.parts[${i}]': expected a Part object, got ${typeName(p)}.`, `${where}.parts[${i}]`);
    if (p.text !== undefined && p.text !== null) {
      if (typeof p.text !== 'string') return fail(`Invalid value at '${where}.parts[${i}].text': expected a string, got ${typeName(p.text)}.`, `${where}.parts[${i}].text`);
      texts.push(p.text);
    }
  }
  const text = texts.join('\n');
  if (text.trim() === '') return fail(`* ${where}: the content has no text to embed.`, where);
  return { ok: true, value: text };
}

function dimensions(o: Json, where: string): Result<number | undefined> {
  const d = field(o, 'outputDimensionality', 'output_dimensionality');
  if (d === undefined || d === null) return { ok: true, value: undefined };
  if (!(Number.isInteger(d) && (d as number) >= 1 && (d as number) <= MAX_OUTPUT_DIMENSIONALITY)) {
    return fail(`Invalid value at '${where}outputDimensionality': expected an integer from 1 to ${MAX_OUTPUT_DIMENSIONALITY}, got ${JSON.stringify(d)}.`, `${where}outputDimensionality`);
  }
  return { ok: true, value: d as number };
}

/** @example decodeEmbedRequest({ content: { parts: [{ text: 'hi' }] } }, ctx, false) // one input */
export function decodeEmbedRequest(body: unknown, ctx: DecodeContext, batch: boolean): DecodeResult<GeminiEmbedWire> {
  const bad = notAnObject(body, batch ? 'BatchEmbedContentsRequest' : 'EmbedContentRequest');
  if (bad) return { ok: false, error: bad };
  const b = body as Json;
  const model = pathModel(ctx.params);
  const inputs: string[] = [];
  let dims: number | undefined;
  if (!batch) {
    const text = contentText(b.content, 'EmbedContentRequest.content');
    if (!text.ok) return text;
    inputs.push(text.value);
    const d = dimensions(b, '');
    if (!d.ok) return d;
    dims = d.value;
  } else {
    const reqs = b.requests;
    if (!Array.isArray(reqs) || reqs.length === 0) {
      return reqs === undefined || reqs === null || Array.isArray(reqs)
        ? fail('* BatchEmbedContentsRequest.requests: requests is not specified', 'requests')
        : fail(`Invalid value at 'requests': expected a list of EmbedContentRequest objects, got ${typeName(reqs)}.`, 'requests');
    }
    if (reqs.length > MAX_BATCH) return fail(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch, got ${reqs.length}.`, 'requests');
    for (let i = 0; i < reqs.length; i++) {
      const r: unknown = reqs[i];
      const where = `requests[${i}]`;
      if (!isObject(r)) return fail(`Invalid value at '${where}': expected an EmbedContentRequest object, got ${typeName(r)}.`, where);
      if (r.model !== undefined && r.model !== null && r.model !== `models/${model}` && r.model !== model) {
        return fail(`* BatchEmbedContentsRequest.${where}.model: the model of each request must be the model in the URL (models/${model}), got ${JSON.stringify(r.model)}.`, `${where}.model`);
      }
      const text = contentText(r.content, `BatchEmbedContentsRequest.${where}.content`);
      if (!text.ok) return text;
      inputs.push(text.value);
      const d = dimensions(r, `${where}.`);
      if (!d.ok) return d;
      if (i > 0 && d.value !== dims) {
        return fail(`Invalid value at '${where}.outputDimensionality': llmposter needs the same outputDimensionality in every request of a batch (requests[0] has ${dims ?? 'none'}, this one ${d.value ?? 'none'}).`, `${where}.outputDimensionality`);
      }
      dims = d.value;
    }
  }
  const request: EmbedRequest = { op: 'embed', provider: 'gemini', model, metadata: Object.create(null), headers: ctx.headers, body, inputs };
  if (dims !== undefined) request.dimensions = dims;
  return { ok: true, decoded: { request, wire: { batch } } };
}
