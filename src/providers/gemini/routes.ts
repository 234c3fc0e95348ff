/** Gemini (/v1beta/models/{model}:...). */
import type { CodecRoute } from '../codec.js';

export const geminiRoutes: CodecRoute[] = [];
