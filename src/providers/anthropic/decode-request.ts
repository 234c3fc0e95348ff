/**
 * POST /v1/messages body -> ChatRequest. Validation messages follow the API's own
 * (`max_tokens: Field required`, `messages.0.role: Input should be 'user' or 'assistant'`).
 *
 * Conversation as matching sees it (the same shape an OpenAI conversation decodes to):
 * - every `tool_result` block becomes its own `tool` message (its `tool_use_id` as the tool-call
 *   id, its text as the message text), before the rest of its turn, so `last_message_role: tool`,
 *   `tool_call_id` and `tool_result_contains` work as they do for OpenAI `role: tool` messages;
 * - the other blocks of a turn become one message with its text blocks joined by newline (a
 *   turn of tool results only adds no message of its own);
 * - `user_message` is the latest user turn's text, or, when that turn holds only tool results,
 *   the text of the latest user turn before it that has some;
 * - `system_prompt` is the top-level `system` (a string, or its text blocks joined by newline).
 */
import type { NeutralError } from '../../canonical/answer.js';
import type { CanonicalMessage, ChatRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { isObject, typeName, type Json } from '../openai/decode-common.js';

/** What the Anthropic encoders need back from the request. */
export interface AnthropicWire {
  /** The first of `stop_sequences`: reported as `stop_sequence` when a fixture stops on one. */
  stopSequence: string | null;
}

const invalid = (message: string): { ok: false; error: NeutralError } => ({ ok: false, error: { status: 400, message } });

/** Text blocks of a block list joined by newline (other blocks carry no text to match). */
function blocksText(blocks: readonly unknown[]): string {
  const parts: string[] = [];
  for (const b of blocks) if (isObject(b) && b.type === 'text' && typeof b.text === 'string') parts.push(b.text);
  return parts.join('\n');
}

/** A user turn as `user_message` sees it: its text, or null when it holds only tool results. */
type UserTurn = string | null;

/**
 * One message's blocks checked and turned into canonical messages (tool results first), with
 * the turn's text for `user_message`; `error` says what was wrong.
 */
function decodeBlocks(role: string, content: unknown[], at: string, out: CanonicalMessage[]): { error?: string; turn: UserTurn } {
  const texts: string[] = [];
  let others = 0;
  for (let j = 0; j < content.length; j++) {
    const b = content[j];
    const here = `${at}.${j}`;
    if (!isObject(b) || typeof b.type !== 'string') return { error: `${here}: Input should be a content block object with a string 'type'`, turn: null };
    if (b.type === 'tool_result') {
      if (role !== 'user') return { error: `${here}: tool_result blocks are only allowed in user messages`, turn: null };
      if (typeof b.tool_use_id !== 'string') return { error: `${here}.tool_use_id: ${b.tool_use_id === undefined ? 'Field required' : 'Input should be a valid string'}`, turn: null };
      const c = b.content;
      if (c !== undefined && c !== null && typeof c !== 'string' && !Array.isArray(c)) return { error: `${here}.content: Input should be a valid string or a list of content blocks`, turn: null };
      out.push({ role: 'tool', text: typeof c === 'string' ? c : Array.isArray(c) ? blocksText(c) : '', toolCallId: b.tool_use_id });
      continue;
    }
    others++;
    if (b.type === 'text') {
      if (typeof b.text !== 'string') return { error: `${here}.text: ${b.text === undefined ? 'Field required' : 'Input should be a valid string'}`, turn: null };
      texts.push(b.text);
    }
  }
  const text = texts.join('\n');
  // A turn of tool results only is answered by them: no message of its own.
  const onlyToolResults = others === 0 && content.length > 0;
  if (!onlyToolResults) out.push({ role, text });
  return { turn: onlyToolResults ? null : text };
}

function decodeTools(tools: unknown): { names: string[] } | { error: string } {
  if (tools === undefined || tools === null) return { names: [] };
  if (!Array.isArray(tools)) return { error: `tools: Input should be a valid list, got ${typeName(tools)}` };
  const names: string[] = [];
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObject(t)) return { error: `tools.${i}: Input should be a valid dictionary` };
    if (typeof t.name !== 'string' || t.name === '') return { error: `tools.${i}.name: ${t.name === undefined ? 'Field required' : 'Input should be a non-empty string'}` };
    names.push(t.name);
  }
  return { names };
}

function decodeSystem(system: unknown): { text: string } | { error: string } {
  if (system === undefined || system === null) return { text: '' };
  if (typeof system === 'string') return { text: system };
  if (!Array.isArray(system)) return { error: `system: Input should be a valid string or a list of text blocks, got ${typeName(system)}` };
  for (let i = 0; i < system.length; i++) {
    const b = system[i];
    if (!isObject(b) || b.type !== 'text' || typeof b.text !== 'string') return { error: `system.${i}: Input should be a text block ({"type": "text", "text": "..."})` };
  }
  return { text: blocksText(system) };
}

/** Body `metadata`, numbers and booleans as strings, on an object without a prototype. */
function metadataOf(metadata: Json | undefined): Record<string, string> {
  const meta: Record<string, string> = Object.create(null);
  if (metadata) {
    for (const k in metadata) {
      const v = metadata[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') meta[k] = String(v);
    }
  }
  return meta;
}

/**
 * @example decodeMessagesRequest({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] }, ctx)
 */
export function decodeMessagesRequest(body: unknown, ctx: Pick<DecodeContext, 'headers'>): DecodeResult<AnthropicWire> {
  if (!isObject(body)) return invalid('The request body must be a JSON object.');
  const { model, max_tokens: maxTokens, messages: raw, stream, temperature, metadata, stop_sequences: stopSequences } = body;
  if (model === undefined) return invalid('model: Field required');
  if (typeof model !== 'string' || model === '') return invalid(`model: Input should be a non-empty string, got ${typeName(model)}`);
  if (maxTokens === undefined) return invalid('max_tokens: Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return invalid(`max_tokens: Input should be a valid integer, got ${JSON.stringify(maxTokens)}`);
  if (maxTokens < 1) return invalid('max_tokens: Input should be greater than or equal to 1');
  if (raw === undefined) return invalid('messages: Field required');
  if (!Array.isArray(raw)) return invalid(`messages: Input should be a valid list, got ${typeName(raw)}`);
  if (raw.length === 0) return invalid('messages: at least one message is required');
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') return invalid(`stream: Input should be a valid boolean, got ${typeName(stream)}`);
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') return invalid(`temperature: Input should be a valid number, got ${typeName(temperature)}`);
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) return invalid(`metadata: Input should be a valid dictionary, got ${typeName(metadata)}`);
  if (stopSequences !== undefined && stopSequences !== null && !(Array.isArray(stopSequences) && stopSequences.every((s) => typeof s === 'string'))) {
    return invalid('stop_sequences: Input should be a valid list of strings');
  }
  const system = decodeSystem(body.system);
  if ('error' in system) return invalid(system.error);
  const tools = decodeTools(body.tools);
  if ('error' in tools) return invalid(tools.error);

  const messages: CanonicalMessage[] = [];
  // Each user turn's text (null: tool results only), in order.
  const userTurns: UserTurn[] = [];
  for (let i = 0; i < raw.length; i++) {
    const m = raw[i];
    if (!isObject(m)) return invalid(`messages.${i}: Input should be a valid dictionary`);
    const { role, content } = m;
    if (role !== 'user' && role !== 'assistant') {
      return invalid(
        role === 'system'
          ? `messages.${i}.role: Input should be 'user' or 'assistant' (system instructions go in the top-level 'system' field)`
          : `messages.${i}.role: Input should be 'user' or 'assistant'`,
      );
    }
    if (content === undefined) return invalid(`messages.${i}.content: Field required`);
    if (typeof content === 'string') {
      messages.push({ role, text: content });
      if (role === 'user') userTurns.push(content);
      continue;
    }
    if (!Array.isArray(content)) return invalid(`messages.${i}.content: Input should be a valid string or a list of content blocks, got ${typeName(content)}`);
    const r = decodeBlocks(role, content, `messages.${i}.content`, messages);
    if (r.error !== undefined) return invalid(r.error);
    if (role === 'user') userTurns.push(r.turn);
  }

  let userMessage = '';
  if (userTurns.length > 0) {
    const latest = userTurns[userTurns.length - 1];
    if (latest !== null) {
      userMessage = latest.trim();
      if (userMessage === '') return invalid('The latest user message is empty: send some text to match fixtures against.');
    } else {
      // Tool results answer the question asked before them: match on that question.
      for (let k = userTurns.length - 2; k >= 0; k--) {
        const t = userTurns[k];
        if (t !== null) {
          userMessage = t.trim();
          break;
        }
      }
    }
  }

  const request: ChatRequest = {
    op: 'chat',
    provider: 'anthropic',
    model,
    metadata: metadataOf(metadata as Json | undefined),
    headers: ctx.headers,
    body,
    messages,
    userMessage,
    systemPrompt: system.text,
    toolNames: tools.names,
    stream: stream === true,
    temperature: typeof temperature === 'number' ? temperature : undefined,
    maxOutputTokens: maxTokens,
  };
  const wire: AnthropicWire = { stopSequence: Array.isArray(stopSequences) && stopSequences.length > 0 ? (stopSequences[0] as string) : null };
  return { ok: true, decoded: { request, wire } };
}
