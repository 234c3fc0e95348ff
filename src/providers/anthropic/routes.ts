/** Anthropic Messages (/v1/messages). */
import type { CodecRoute } from '../codec.js';

export const anthropicRoutes: CodecRoute[] = [];
