/**
 * The Gemini codecs, one per method: `:generateContent` (a body), `:streamGenerateContent`
 * (elements framed as `data:` frames with `?alt=sse`, else as a JSON array written element by
 * element), `:embedContent` and `:batchEmbedContents`. Each knows its method, so decode needs
 * nothing but the body, the path's model and the query.
 */
import type { Embeddings } from '../../canonical/answer.js';
import type { Codec } from '../codec.js';
import { decodeEmbedRequest, type GeminiEmbedWire } from './decode-embed.js';
import { decodeGenerateRequest, type GeminiWire } from './decode-request.js';
import { encodeGeminiBody } from './encode-response.js';
import { encodeGeminiStream } from './encode-stream.js';
import { encodeGeminiError, geminiStreamError } from './errors.js';

/** Responses carry a `responseId`; function calls carry no id on Gemini (the prefix is unused). */
const IDS = { response: '', toolCall: 'call_' };

function generateCodec(stream: boolean): Codec<GeminiWire> {
  return {
    provider: 'gemini',
    ids: IDS,
    decode: (body, ctx) => decodeGenerateRequest(body, ctx, stream),
    framing: (decoded) => (decoded.wire.sse ? 'sse' : 'json-array'),
    encodeBody: (answer, meta) => encodeGeminiBody(answer, meta),
    encodeStream: (parts, meta) => encodeGeminiStream(parts, meta),
    encodeStreamError: (err) => [geminiStreamError(err)],
    encodeError: encodeGeminiError,
  };
}

export const geminiGenerateCodec = generateCodec(false);
export const geminiStreamCodec = generateCodec(true);

/** `{"values": [...]}` for each vector. */
const values = (v: number[]) => `{"values":${JSON.stringify(v)}}`;

function embedCodec(batch: boolean): Codec<GeminiEmbedWire> {
  const unreachable = (): never => {
    throw new Error('the Gemini embeddings codec only answers embeddings');
  };
  return {
    provider: 'gemini',
    ids: IDS,
    decode: (body, ctx) => decodeEmbedRequest(body, ctx, batch),
    framing: () => 'sse',
    encodeBody: unreachable,
    encodeStream: unreachable,
    encodeStreamError: unreachable,
    encodeEmbeddings: (result: Embeddings) => (batch ? `{"embeddings":[${result.vectors.map(values).join(',')}]}` : `{"embedding":${values(result.vectors[0])}}`),
    encodeError: encodeGeminiError,
  };
}

export const geminiEmbedCodec = embedCodec(false);
export const geminiBatchEmbedCodec = embedCodec(true);
