/**
 * The embeddings response body: `{"object":"list","data":[{"object":"embedding","embedding",
 * "index"}...],"model","usage"}`, one item per input in input order (field order as in the API
 * reference). With `encoding_format: "base64"` each vector is its float32 values, little-endian,
 * base64-encoded: what the API sends and what the `openai` SDK decodes (it asks for base64 when
 * the caller names no format, and turns it back into numbers).
 */
import type { Embeddings, ResponseMeta } from '../../canonical/answer.js';
import type { EmbeddingsWire } from './decode-request.js';

/**
 * @example float32Base64([1, 0]) // 'AACAPwAAAAA='
 */
export function float32Base64(vector: readonly number[]): string {
  const buf = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) buf.writeFloatLE(vector[i], i * 4);
  return buf.toString('base64');
}

/** @example JSON.parse(encodeEmbeddingsBody({ vectors: [[1, 0]], usage: { inputTokens: 2 } }, meta, { encodingFormat: 'float' })).data[0].embedding // [1, 0] */
export function encodeEmbeddingsBody(result: Embeddings, meta: Pick<ResponseMeta, 'model'>, wire: EmbeddingsWire): string {
  const base64 = wire.encodingFormat === 'base64';
  const data = result.vectors.map((v, index) => ({ object: 'embedding', embedding: base64 ? float32Base64(v) : v, index }));
  const tokens = result.usage.inputTokens;
  return JSON.stringify({ object: 'list', data, model: meta.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
