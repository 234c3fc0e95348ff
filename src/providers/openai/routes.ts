/** OpenAI's own surfaces at /v1. */
import type { CodecRoute } from '../codec.js';
import { openAiChatCodec } from '../openai-chat/codec.js';
import { openAiCompletionsCodec } from '../openai-completions/codec.js';

export const openAiRoutes: CodecRoute[] = [
  { method: 'POST', path: '/v1/chat/completions', codec: openAiChatCodec },
  { method: 'POST', path: '/v1/completions', codec: openAiCompletionsCodec },
];
