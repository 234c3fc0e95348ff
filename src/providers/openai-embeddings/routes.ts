/** OpenAI embeddings (/v1/embeddings). */
import type { CodecRoute } from '../codec.js';
import { openAiEmbeddingsCodec } from './codec.js';

export const embeddingsRoutes: CodecRoute[] = [{ method: 'POST', path: '/v1/embeddings', codec: openAiEmbeddingsCodec }];
