/**
 * Anthropic Messages (/v1/messages), and under `/anthropic/v1/messages` for LLMSim users (an SDK
 * whose base URL is `<server>/anthropic`). `GET /v1/models` answers in Anthropic's shape
 * (models.ts) when asked by an Anthropic client.
 */
import type { CodecRoute } from '../codec.js';
import { anthropicCodec } from './codec.js';

export const anthropicRoutes: CodecRoute[] = [
  { method: 'POST', path: '/v1/messages', codec: anthropicCodec },
  { method: 'POST', path: '/anthropic/v1/messages', codec: anthropicCodec },
];
