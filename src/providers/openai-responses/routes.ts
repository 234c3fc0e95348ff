/** OpenAI Responses (/v1/responses). */
import type { CodecRoute } from '../codec.js';

export const responsesRoutes: CodecRoute[] = [];
