/** Anthropic Messages (/v1/messages). `GET /v1/models` answers in Anthropic's shape (models.ts) when asked by an Anthropic client. */
import type { CodecRoute } from '../codec.js';
import { anthropicCodec } from './codec.js';

export const anthropicRoutes: CodecRoute[] = [{ method: 'POST', path: '/v1/messages', codec: anthropicCodec }];
