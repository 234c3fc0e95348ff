/** Which collector reads a route's answers, from the route's path (the same for every provider alias). */
import { anthropicCollector } from './collect-anthropic.js';
import { geminiCollector } from './collect-gemini.js';
import { openAiChatCollector, openAiEmbeddingsCollector } from './collect-openai.js';
import { responsesCollector } from './collect-responses.js';
import type { AnswerCollector } from './captured-answer.js';

/**
 * undefined: a route whose answers are proxied but not turned into fixtures (Gemini embeddings).
 * @example collectorFor('/v1/chat/completions') // the Chat Completions collector
 */
export function collectorFor(routePath: string): AnswerCollector | undefined {
  if (routePath.endsWith('/chat/completions')) return openAiChatCollector();
  if (routePath.endsWith('/completions')) return openAiChatCollector(true);
  if (routePath.endsWith('/embeddings')) return openAiEmbeddingsCollector();
  if (routePath.endsWith('/responses')) return responsesCollector();
  if (routePath.endsWith('/messages')) return anthropicCollector();
  if (routePath.endsWith(':generateContent') || routePath.endsWith(':streamGenerateContent')) return geminiCollector();
  return undefined;
}
