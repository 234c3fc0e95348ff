/**
 * Azure OpenAI: the classic `/openai/deployments/{deployment}/...?api-version=` routes (what the
 * `AzureOpenAI` client calls), and the v1 routes `/openai/v1/...` (an `OpenAI` client pointed at
 * `<endpoint>/openai/v1`: model in the body, api-version optional). Same bodies as OpenAI.
 * Responses: the `AzureOpenAI` client posts to `/openai/responses?api-version=` with the
 * deployment as the body's `model`; `/openai/deployments/{deployment}/responses` is served too.
 */
import type { CodecRoute } from '../codec.js';
import { openAiChatCodec } from '../openai-chat/codec.js';
import { openAiCompletionsCodec } from '../openai-completions/codec.js';
import { openAiEmbeddingsCodec } from '../openai-embeddings/codec.js';
import { createResponsesCodec } from '../openai-responses/codec.js';
import { azureCodec } from './codec.js';

const classic = { apiVersion: 'required' } as const;
const v1 = { apiVersion: 'optional' } as const;
/** The Responses wire format under the name `azure` (the wrapper adds api-version and the deployment). */
const responses = createResponsesCodec({ provider: 'azure' });

export const azureRoutes: CodecRoute[] = [
  { method: 'POST', path: '/openai/deployments/{deployment}/chat/completions', codec: azureCodec(openAiChatCodec, classic) },
  { method: 'POST', path: '/openai/deployments/{deployment}/completions', codec: azureCodec(openAiCompletionsCodec, classic) },
  { method: 'POST', path: '/openai/deployments/{deployment}/embeddings', codec: azureCodec(openAiEmbeddingsCodec, classic) },
  { method: 'POST', path: '/openai/deployments/{deployment}/responses', codec: azureCodec(responses, classic) },
  { method: 'POST', path: '/openai/responses', codec: azureCodec(responses, classic) },
  { method: 'POST', path: '/openai/v1/chat/completions', codec: azureCodec(openAiChatCodec, v1) },
  { method: 'POST', path: '/openai/v1/completions', codec: azureCodec(openAiCompletionsCodec, v1) },
  { method: 'POST', path: '/openai/v1/embeddings', codec: azureCodec(openAiEmbeddingsCodec, v1) },
  { method: 'POST', path: '/openai/v1/responses', codec: azureCodec(responses, v1) },
];
