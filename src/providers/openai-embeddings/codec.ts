/**
 * POST /v1/embeddings: its decode yields `op: 'embed'`, so the server asks the engine for
 * vectors (engine/embed.ts) and only `encodeEmbeddings` and the error encoders are ever used.
 * The chat encoders exist because every codec has them; they are never reached.
 */
import type { Codec } from '../codec.js';
import { encodeOpenAiError, openAiStreamError } from '../openai/errors.js';
import { decodeEmbeddingsRequest, type EmbeddingsWire } from './decode-request.js';
import { encodeEmbeddingsBody } from './encode.js';

function notChat(): never {
  throw new Error('the embeddings codec answers embeddings requests only');
}

export const openAiEmbeddingsCodec: Codec<EmbeddingsWire> = {
  provider: 'openai',
  // The real API's embeddings response has no id; responseMeta still builds one (unused).
  ids: { response: 'emb-', toolCall: 'call_' },
  decode: decodeEmbeddingsRequest,
  framing: () => 'sse',
  encodeBody: notChat,
  encodeStream: notChat,
  encodeStreamError: (err) => [openAiStreamError(err)],
  encodeEmbeddings: (result, meta, decoded) => encodeEmbeddingsBody(result, meta, decoded.wire),
  encodeError: encodeOpenAiError,
};
