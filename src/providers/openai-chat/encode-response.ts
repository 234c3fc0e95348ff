/** Non-streaming Chat Completions body. */
import type { NeutralMessage, NeutralUsage, ResponseMeta } from '../../canonical/response.js';

export function openAiUsage(u: NeutralUsage) {
  return { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens };
}

/** @example JSON.parse(encodeChatBody(msg, { id: 'chatcmpl-1', created: 0, model: 'gpt-4o' })).choices[0].message */
export function encodeChatBody(msg: NeutralMessage, meta: ResponseMeta): string {
  const message: Record<string, unknown> = { role: 'assistant', content: msg.text, refusal: msg.refusal };
  if (msg.toolCalls.length > 0) {
    message.tool_calls = msg.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsJson } }));
  }
  return JSON.stringify({
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: msg.finishReason }],
    usage: openAiUsage(msg.usage),
  });
}
