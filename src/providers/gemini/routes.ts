/**
 * Gemini (`/v1beta/models/{model}:...`, and the same under `/v1`, where the stable API lives).
 * `:countTokens` is not here: it matches no fixture, so it is plain HTTP glue in
 * `src/server/gemini-count-tokens-route.ts` around `countGeminiTokens` (count-tokens.ts).
 */
import type { CodecRoute } from '../codec.js';
import { geminiBatchEmbedCodec, geminiEmbedCodec, geminiGenerateCodec, geminiStreamCodec } from './codec.js';

/** The API versions served, as path prefixes. */
export const GEMINI_VERSIONS = ['/v1beta', '/v1'] as const;

export const geminiRoutes: CodecRoute[] = GEMINI_VERSIONS.flatMap((v): CodecRoute[] => [
  { method: 'POST', path: `${v}/models/{model}:generateContent`, codec: geminiGenerateCodec },
  { method: 'POST', path: `${v}/models/{model}:streamGenerateContent`, codec: geminiStreamCodec },
  { method: 'POST', path: `${v}/models/{model}:embedContent`, codec: geminiEmbedCodec },
  { method: 'POST', path: `${v}/models/{model}:batchEmbedContents`, codec: geminiBatchEmbedCodec },
]);
