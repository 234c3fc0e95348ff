/** Legacy POST /v1/completions body -> ChatRequest: the prompt is the one user turn. */
import { positiveInt, type ChatRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { badRequest, decodeCommonFields, type OpenAiWire } from '../openai/decode-common.js';

/** A string, or the last entry of a string array (the legacy API's batch form). */
function promptText(prompt: unknown): string | null {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === 'string')) return prompt[prompt.length - 1];
  return null;
}

/** @example decodeCompletionsRequest({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' }, ctx) */
export function decodeCompletionsRequest(body: unknown, ctx: Pick<DecodeContext, 'headers'>): DecodeResult<OpenAiWire> {
  const common = decodeCommonFields(body);
  if (!common.ok) return common;
  const text = promptText((body as Record<string, unknown>).prompt);
  if (text === null) return { ok: false, error: badRequest("Missing or invalid 'prompt': expected a string or an array of strings.", 'prompt') };
  const userMessage = text.trim();
  if (userMessage === '') return { ok: false, error: badRequest('The prompt is empty: send some text to match fixtures against.', 'prompt') };
  const request: ChatRequest = {
    op: 'chat',
    provider: 'openai',
    ...common.fields,
    messages: [{ role: 'user', text }],
    userMessage,
    systemPrompt: '',
    toolNames: [],
    headers: ctx.headers,
    body,
    maxOutputTokens: positiveInt((body as Record<string, unknown>).max_tokens),
  };
  return { ok: true, decoded: { request, wire: common.wire } };
}
