/**
 * Azure OpenAI: the classic `/openai/deployments/{deployment}/...?api-version=` routes (what the
 * `AzureOpenAI` client calls), and the v1 routes `/openai/v1/...` (an `OpenAI` client pointed at
 * `<endpoint>/openai/v1`: model in the body, api-version optional). Same bodies as OpenAI.
 */
import type { CodecRoute } from '../codec.js';
import { openAiChatCodec } from '../openai-chat/codec.js';
import { openAiCompletionsCodec } from '../openai-completions/codec.js';
import { openAiEmbeddingsCodec } from '../openai-embeddings/codec.js';
import { azureCodec } from './codec.js';

const classic = { apiVersion: 'required' } as const;
const v1 = { apiVersion: 'optional' } as const;

export const azureRoutes: CodecRoute[] = [
  { method: 'POST', path: '/openai/deployments/{deployment}/chat/completions', codec: azureCodec(openAiChatCodec, classic) },
  { method: 'POST', path: '/openai/deployments/{deployment}/completions', codec: azureCodec(openAiCompletionsCodec, classic) },
  { method: 'POST', path: '/openai/deployments/{deployment}/embeddings', codec: azureCodec(openAiEmbeddingsCodec, classic) },
  { method: 'POST', path: '/openai/v1/chat/completions', codec: azureCodec(openAiChatCodec, v1) },
  { method: 'POST', path: '/openai/v1/completions', codec: azureCodec(openAiCompletionsCodec, v1) },
  { method: 'POST', path: '/openai/v1/embeddings', codec: azureCodec(openAiEmbeddingsCodec, v1) },
];
