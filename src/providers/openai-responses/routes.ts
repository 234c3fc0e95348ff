/** OpenAI Responses (/v1/responses). `GET /v1/responses/{id}` is served from the store (src/server/responses-store-route.ts). */
import type { CodecRoute } from '../codec.js';
import { responsesCodec } from './codec.js';

export const responsesRoutes: CodecRoute[] = [{ method: 'POST', path: '/v1/responses', codec: responsesCodec }];
