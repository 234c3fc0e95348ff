/** OpenAI embeddings (/v1/embeddings). */
import type { CodecRoute } from '../codec.js';

export const embeddingsRoutes: CodecRoute[] = [];
