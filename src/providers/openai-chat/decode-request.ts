/** POST /v1/chat/completions body -> ChatRequest (the `user_message` rules are in the README). */
import { positiveInt, type CanonicalMessage, type ChatRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { badRequest, decodeCommonFields, isObject, typeName, type OpenAiWire } from '../openai/decode-common.js';

/**
 * String content, or the text parts of an array content joined by newline; null when the
 * content is neither (the decoder's 400; the job simulator reads that as no text).
 */
export function messageText(content: unknown): string | null {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts: string[] = [];
  for (const part of content) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') parts.push(part.text);
  }
  return parts.join('\n');
}

function toolNames(tools: unknown, functions: unknown): string[] {
  const names: string[] = [];
  if (Array.isArray(tools)) {
    for (const t of tools) if (isObject(t) && isObject(t.function) && typeof t.function.name === 'string') names.push(t.function.name);
  }
  if (Array.isArray(functions)) {
    for (const f of functions) if (isObject(f) && typeof f.name === 'string') names.push(f.name);
  }
  return names;
}

/** @example decodeChatRequest({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, ctx) */
export function decodeChatRequest(body: unknown, ctx: Pick<DecodeContext, 'headers'>): DecodeResult<OpenAiWire> {
  const common = decodeCommonFields(body);
  if (!common.ok) return common;
  const raw = (body as Record<string, unknown>).messages;
  if (!Array.isArray(raw) || raw.length === 0) {
    return {
      ok: false,
      error: badRequest(
        raw === undefined
          ? "Missing required parameter: 'messages'."
          : Array.isArray(raw)
            ? "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead."
            : `Invalid 'messages': expected a non-empty array, but got ${typeName(raw)}.`,
        'messages',
      ),
    };
  }
  const messages: CanonicalMessage[] = [];
  for (let i = 0; i < raw.length; i++) {
    const m = raw[i];
    if (!isObject(m) || typeof m.role !== 'string') {
      return { ok: false, error: badRequest(`Invalid 'messages[${i}]': expected an object with a string 'role'.`, `messages[${i}]`) };
    }
    const text = messageText(m.content);
    if (text === null) {
      return { ok: false, error: badRequest(`Invalid 'messages[${i}].content': expected a string or an array of content parts.`, `messages[${i}].content`) };
    }
    messages.push(typeof m.tool_call_id === 'string' ? { role: m.role, text, toolCallId: m.tool_call_id } : { role: m.role, text });
  }
  let userMessage = '';
  const lastUser = messages.findLast((m) => m.role === 'user');
  if (lastUser) {
    userMessage = lastUser.text.trim();
    if (userMessage === '') {
      return { ok: false, error: badRequest('The latest user message is empty: send some text to match fixtures against.', 'messages') };
    }
  }
  let systemPrompt = '';
  for (const m of messages) if (m.role === 'system' || m.role === 'developer') systemPrompt = systemPrompt ? `${systemPrompt}\n${m.text}` : m.text;
  const b = body as Record<string, unknown>;
  const request: ChatRequest = {
    op: 'chat',
    provider: 'openai',
    ...common.fields,
    messages,
    userMessage,
    systemPrompt,
    toolNames: toolNames(b.tools, b.functions),
    headers: ctx.headers,
    body,
    maxOutputTokens: positiveInt(b.max_completion_tokens) ?? positiveInt(b.max_tokens),
    reasoningEffort: typeof b.reasoning_effort === 'string' ? b.reasoning_effort : undefined,
  };
  return { ok: true, decoded: { request, wire: common.wire } };
}
