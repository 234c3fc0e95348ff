/**
 * POST /v1/responses body -> ChatRequest. `input` is a string (one user turn) or a list of
 * items: messages (`role` user/assistant/system/developer, string content or `input_text` /
 * `output_text` parts), `function_call` items (an assistant turn) and `function_call_output`
 * items (tool results: role `tool`, their `call_id` as `tool_call_id`, so the tool-loop match
 * keys work as on Chat Completions). Other item types (reasoning, item_reference, ...) are
 * accepted and skipped. `instructions` is the system prompt, with any system/developer items.
 *
 * The model comes from `model` in the body unless the codec says otherwise (Azure names it in
 * the path): see `ModelSource`.
 */
import { positiveInt, type CanonicalMessage, type ChatRequest, type ProviderName } from '../../canonical/request.js';
import type { NeutralError } from '../../canonical/answer.js';
import type { DecodeContext, DecodeResult, ResponseStore } from '../codec.js';
import { badRequest, decodeCommonFields, isObject, typeName, type Json } from '../openai/decode-common.js';

/** Where a request's model comes from: the body's `model` (OpenAI) or the route (Azure's deployment). */
export type ModelSource = (body: Json, ctx: DecodeContext) => unknown;

export const modelFromBody: ModelSource = (body) => body.model;

/** Request fields the response object echoes back, as the real API does. */
export interface ResponseEcho {
  instructions: string | null;
  maxOutputTokens: number | null;
  parallelToolCalls: boolean;
  previousResponseId: string | null;
  reasoning: unknown;
  serviceTier: string;
  store: boolean;
  temperature: number;
  text: unknown;
  toolChoice: unknown;
  tools: unknown[];
  topP: number;
  user: string | null;
  metadata: Record<string, string>;
}

/** What the Responses encoders need back from the request. */
export interface ResponsesWire {
  echo: ResponseEcho;
  /** Where to keep the response for `GET .../responses/{id}`; absent with `store: false`. */
  store?: ResponseStore;
  /**
   * The `sequence_number` of the last stream event written, advanced by the stream as the
   * writer takes its events: a mid-stream error's events number on from it, wherever the
   * fault cut the stream (duplicated events included).
   */
  written: { seq: number };
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);
/** Content part types whose text a message contributes (input on user turns, output on replayed assistant turns). */
const TEXT_PARTS = new Set(['input_text', 'output_text']);

const fail = (message: string, param: string | null): { ok: false; error: NeutralError } => ({ ok: false, error: badRequest(message, param) });

/** String content, or the text parts joined by newline; null when the content is neither. */
export function inputText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts: string[] = [];
  for (const p of content) if (isObject(p) && TEXT_PARTS.has(p.type as string) && typeof p.text === 'string') parts.push(p.text);
  return parts.join('\n');
}

/** The input items as canonical messages, or the 400 for the first bad item. */
function inputMessages(input: unknown[]): { ok: true; messages: CanonicalMessage[] } | { ok: false; error: NeutralError } {
  const messages: CanonicalMessage[] = [];
  for (let i = 0; i < input.length; i++) {
    const item = input[i];
    const at = `input[${i}]`;
    if (!isObject(item)) return fail(`Invalid '${at}': expected an object, but got ${typeName(item)} instead.`, at);
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (typeof type !== 'string') return fail(`Invalid '${at}': expected an input item with a string 'type' (or a message with a 'role').`, `${at}.type`);
    switch (type) {
      case 'message': {
        if (typeof item.role !== 'string' || !ROLES.has(item.role)) {
          return fail(`Invalid value for '${at}.role': expected one of 'assistant', 'system', 'developer' or 'user', but got ${JSON.stringify(item.role ?? null)}.`, `${at}.role`);
        }
        const text = inputText(item.content);
        if (text === null) return fail(`Invalid '${at}.content': expected a string or an array of content parts, but got ${typeName(item.content)} instead.`, `${at}.content`);
        messages.push({ role: item.role, text });
        break;
      }
      case 'function_call':
        for (const f of ['call_id', 'name', 'arguments'] as const) {
          if (typeof item[f] !== 'string') return fail(`Missing or invalid '${at}.${f}': a function_call item needs a string '${f}'.`, `${at}.${f}`);
        }
        // The model's turn: an assistant message without text.
        messages.push({ role: 'assistant', text: '' });
        break;
      case 'function_call_output': {
        if (typeof item.call_id !== 'string' || item.call_id === '') {
          return fail(`Missing or invalid '${at}.call_id': a function_call_output item needs the string 'call_id' of the call it answers.`, `${at}.call_id`);
        }
        const output = inputText(item.output);
        if (output === null) return fail(`Invalid '${at}.output': expected a string or an array of content parts, but got ${typeName(item.output)} instead.`, `${at}.output`);
        messages.push({ role: 'tool', text: output, toolCallId: item.call_id });
        break;
      }
      default:
        // reasoning, item_reference, built-in tool calls ...: nothing to match on.
        break;
    }
  }
  return { ok: true, messages };
}

/** Declared tool names: Responses function tools name themselves at the top level. */
function toolNames(tools: unknown[]): string[] {
  const names: string[] = [];
  for (const t of tools) if (isObject(t) && typeof t.name === 'string') names.push(t.name);
  return names;
}

type Check = (v: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isPositiveInt: Check = (v) => Number.isInteger(v) && (v as number) >= 1;
const isStringOrObject: Check = (v) => typeof v === 'string' || isObject(v);

/** Optional fields the response echoes: each must have its type when present (null = absent). */
const ECHOED: ReadonlyArray<[field: string, check: Check, expected: string]> = [
  ['instructions', isString, 'a string'],
  ['max_output_tokens', isPositiveInt, 'an integer >= 1'],
  ['parallel_tool_calls', isBool, 'a boolean'],
  ['previous_response_id', isString, 'a string'],
  ['reasoning', isObject, 'an object'],
  ['store', isBool, 'a boolean'],
  ['text', isObject, 'an object'],
  ['tool_choice', isStringOrObject, 'a string or an object'],
  ['tools', Array.isArray, 'an array'],
  ['top_p', isNumber, 'a number'],
  ['user', isString, 'a string'],
];

/**
 * @example decodeResponsesRequest({ model: 'gpt-4o', input: 'hi' }, ctx, { provider: 'responses', model: modelFromBody })
 */
export function decodeResponsesRequest(body: unknown, ctx: DecodeContext, source: { provider: ProviderName; model: ModelSource }): DecodeResult<ResponsesWire> {
  if (!isObject(body)) return fail('The request body must be a JSON object.', null);
  const model = source.model(body, ctx);
  // The shared checks read `model` from the body: hand them the one this route uses.
  const common = decodeCommonFields(model === body.model ? body : { ...body, model });
  if (!common.ok) return common;
  for (const [field, check, expected] of ECHOED) {
    const v = body[field];
    if (v !== undefined && v !== null && !check(v)) return fail(`Invalid type for '${field}': expected ${expected}, but got ${typeName(v)} instead.`, field);
  }
  const { input } = body;
  let messages: CanonicalMessage[];
  if (typeof input === 'string') {
    messages = [{ role: 'user', text: input }];
  } else if (Array.isArray(input)) {
    if (input.length === 0) return fail("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'input');
    const decoded = inputMessages(input);
    if (!decoded.ok) return decoded;
    messages = decoded.messages;
  } else {
    return fail(input === undefined || input === null ? "Missing required parameter: 'input'." : `Invalid type for 'input': expected a string or an array of input items, but got ${typeName(input)} instead.`, 'input');
  }

  let userMessage = '';
  const lastUser = messages.findLast((m) => m.role === 'user');
  if (lastUser) {
    userMessage = lastUser.text.trim();
    if (userMessage === '') return fail('The latest user input is empty: send some text to match fixtures against.', 'input');
  }
  const instructions = typeof body.instructions === 'string' ? body.instructions : null;
  // The instructions lead, as a system message would in Chat Completions (prompt tokens count them).
  if (instructions !== null) messages.unshift({ role: 'system', text: instructions });
  let systemPrompt = '';
  for (const m of messages) if (m.role === 'system' || m.role === 'developer') systemPrompt = systemPrompt ? `${systemPrompt}\n${m.text}` : m.text;

  const tools = Array.isArray(body.tools) ? body.tools : [];
  const { fields } = common;
  const request: ChatRequest = {
    op: 'chat',
    provider: source.provider,
    ...fields,
    messages,
    userMessage,
    systemPrompt,
    toolNames: toolNames(tools),
    headers: ctx.headers,
    body,
    maxOutputTokens: positiveInt(body.max_output_tokens),
    reasoningEffort: isObject(body.reasoning) && typeof body.reasoning.effort === 'string' ? body.reasoning.effort : undefined,
  };
  const store = body.store !== false;
  const echo: ResponseEcho = {
    instructions,
    maxOutputTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    parallelToolCalls: body.parallel_tool_calls !== false,
    previousResponseId: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: isObject(body.reasoning) ? body.reasoning : { effort: null, summary: null },
    serviceTier: common.wire.serviceTier,
    store,
    temperature: fields.temperature ?? 1,
    text: isObject(body.text) ? body.text : { format: { type: 'text' } },
    toolChoice: body.tool_choice ?? 'auto',
    tools,
    topP: typeof body.top_p === 'number' ? body.top_p : 1,
    user: typeof body.user === 'string' ? body.user : null,
    metadata: fields.metadata,
  };
  const wire: ResponsesWire = { echo, written: { seq: -1 } };
  if (store && ctx.responses) wire.store = ctx.responses;
  return { ok: true, decoded: { request, wire } };
}
