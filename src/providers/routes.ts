/** Every codec-served route, from each provider folder's own list. */
import type { CodecRoute } from './codec.js';
import { anthropicRoutes } from './anthropic/routes.js';
import { azureRoutes } from './azure/routes.js';
import { geminiRoutes } from './gemini/routes.js';
import { openAiRoutes } from './openai/routes.js';
import { embeddingsRoutes } from './openai-embeddings/routes.js';
import { responsesRoutes } from './openai-responses/routes.js';

export const CODEC_ROUTES: readonly CodecRoute[] = [...openAiRoutes, ...embeddingsRoutes, ...anthropicRoutes, ...responsesRoutes, ...geminiRoutes, ...azureRoutes];
