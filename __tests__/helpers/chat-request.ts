/** A neutral chat request as a provider codec would decode it, for unit tests of the core. */
import type { ChatRequest } from '../../src/canonical/request.js';

/** @example chatRequest('hello', { model: 'gpt-4o-mini' }) */
export function chatRequest(userMessage = 'hi', over: Partial<ChatRequest> = {}): ChatRequest {
  return {
    op: 'chat',
    provider: 'openai',
    model: 'gpt-4o',
    metadata: Object.create(null) as Record<string, string>,
    headers: {},
    body: {},
    messages: [{ role: 'user', text: userMessage }],
    userMessage,
    systemPrompt: '',
    toolNames: [],
    stream: false,
    ...over,
  };
}
