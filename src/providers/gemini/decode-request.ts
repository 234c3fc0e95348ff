/**
 * A Gemini `GenerateContentRequest` -> ChatRequest. The model comes from the path
 * (`/v1beta/models/{model}:generateContent`), the stream flag from which method was called.
 *
 * What matching sees:
 * - `user_message`: the text parts of the latest `user` content, trimmed; when that content
 *   holds only `functionResponse` parts (a tool result), the text of the user content before it.
 * - `system_prompt`: the text parts of `systemInstruction`, joined by newline.
 * - `tool_schema`: every `tools[].functionDeclarations[].name`.
 * - `metadata`: the body's `labels` (Vertex AI's per-request labels, the one string map a
 *   Gemini request carries).
 * - messages, in OpenAI's roles so one fixture reads the same for every provider:
 *   `systemInstruction` -> `system`, `user` -> `user`, `model` -> `assistant`, and each
 *   `functionResponse` part -> a `tool` message whose `tool_call_id` is the response's `id`,
 *   or its function `name` when it has no id (Gemini's function calls usually carry none), and
 *   whose text is the JSON of its `response`.
 *
 * Field names are accepted in camelCase or snake_case (`system_instruction`), as the REST
 * API does. Thought parts (`thought: true`) of earlier model turns are not text.
 */
import type { NeutralError } from '../../canonical/answer.js';
import { positiveInt, type CanonicalMessage, type ChatRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { isObject, typeName, type Json } from '../openai/decode-common.js';
import { invalidArgument } from './errors.js';

/** What the Gemini encoders need back from the request. */
export interface GeminiWire {
  /** `?alt=sse`: a stream of `data:` frames; without it, a JSON array written element by element. */
  sse: boolean;
}

/** The prompt half of a request, shared with `:countTokens`. */
export interface GeminiPrompt {
  messages: CanonicalMessage[];
  /** Text of the latest user turn (see the file comment), untrimmed; undefined with no user turn. */
  latestUserText: string | undefined;
  systemPrompt: string;
  toolNames: string[];
}

export type PromptResult = { ok: true; prompt: GeminiPrompt } | { ok: false; error: NeutralError };

/** A field under its camelCase or snake_case name. */
export function field(o: Json, camel: string, snake: string): unknown {
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

const fail = (message: string, param: string | null = null): { ok: false; error: NeutralError } => ({ ok: false, error: invalidArgument(message, param) });

const wrongType = (where: string, expected: string, v: unknown) => fail(`Invalid value at '${where}': expected ${expected}, got ${typeName(v)}.`, where);

/** The part fields that carry data (a part must have one: Google's `data` oneof). */
const DATA_FIELDS = [
  'text', 'inlineData', 'inline_data', 'fileData', 'file_data', 'functionCall', 'function_call', 'functionResponse', 'function_response',
  'executableCode', 'executable_code', 'codeExecutionResult', 'code_execution_result',
];

interface DecodedContent {
  role: 'user' | 'model';
  /** Text parts (thoughts left out) joined by newline; null when the content has none. */
  text: string | null;
  toolResults: CanonicalMessage[];
}

function decodeContent(c: unknown, where: string): { ok: true; content: DecodedContent } | { ok: false; error: NeutralError } {
  if (!isObject(c)) return wrongType(where, 'a Content object ({role, parts})', c);
  const role = c.role ?? 'user';
  // `function` is the role older clients gave function responses; they are the user's side.
  if (role !== 'user' && role !== 'model' && role !== 'function') {
    return fail(`Please use a valid role: user, model. (got ${JSON.stringify(role)} at '${where}.role')`, `${where}.role`);
  }
  const parts = c.parts;
  if (parts === undefined || parts === null || (Array.isArray(parts) && parts.length === 0)) {
    return fail(`* GenerateContentRequest.${where}.parts: contents.parts must not be empty.`, `${where}.parts`);
  }
  if (!Array.isArray(parts)) return wrongType(`${where}.parts`, 'a list of Part objects', parts);
  const texts: string[] = [];
  const toolResults: CanonicalMessage[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p: unknown = parts[i];
    const at = `${where}.parts[${i}]`;
    if (!isObject(p)) return wrongType(at, 'a Part object', p);
    if (!DATA_FIELDS.some((k) => p[k] !== undefined && p[k] !== null)) {
      return fail(`* GenerateContentRequest.${at}.data: required oneof field 'data' must have one initialized field`, at);
    }
    if (p.text !== undefined && p.text !== null) {
      if (typeof p.text !== 'string') return wrongType(`${at}.text`, 'a string', p.text);
      if (p.thought !== true) texts.push(p.text);
    }
    const call = field(p, 'functionCall', 'function_call');
    if (call !== undefined && call !== null) {
      if (!isObject(call) || typeof call.name !== 'string' || call.name === '') return fail(`* GenerateContentRequest.${at}.function_call.name: Name cannot be empty.`, `${at}.functionCall.name`);
      if (call.args !== undefined && call.args !== null && !isObject(call.args)) return wrongType(`${at}.functionCall.args`, 'an object', call.args);
    }
    const result = field(p, 'functionResponse', 'function_response');
    if (result !== undefined && result !== null) {
      if (!isObject(result) || typeof result.name !== 'string' || result.name === '') return fail(`* GenerateContentRequest.${at}.function_response.name: Name cannot be empty.`, `${at}.functionResponse.name`);
      if (result.response !== undefined && result.response !== null && !isObject(result.response)) return wrongType(`${at}.functionResponse.response`, 'an object', result.response);
      const id = typeof result.id === 'string' && result.id !== '' ? result.id : result.name;
      toolResults.push({ role: 'tool', text: JSON.stringify(result.response ?? {}), toolCallId: id });
    }
  }
  return { ok: true, content: { role: role === 'model' ? 'model' : 'user', text: texts.length > 0 ? texts.join('\n') : null, toolResults } };
}

/** `systemInstruction`: a Content whose text parts are the system prompt (its role is ignored). */
function systemText(si: unknown): { ok: true; text: string | undefined } | { ok: false; error: NeutralError } {
  if (si === undefined || si === null) return { ok: true, text: undefined };
  if (!isObject(si)) return wrongType('systemInstruction', 'a Content object ({parts: [{text}]})', si);
  if (si.parts === undefined || si.parts === null) return { ok: true, text: '' };
  if (!Array.isArray(si.parts)) return wrongType('systemInstruction.parts', 'a list of Part objects', si.parts);
  const texts: string[] = [];
  for (let i = 0; i < si.parts.length; i++) {
    const p: unknown = si.parts[i];
    if (!isObject(p)) return wrongType(`systemInstruction.parts[${i}]`, 'a Part object', p);
    if (p.text !== undefined && p.text !== null) {
      if (typeof p.text !== 'string') return wrongType(`systemInstruction.parts[${i}].text`, 'a string', p.text);
      texts.push(p.text);
    }
  }
  return { ok: true, text: texts.join('\n') };
}

function toolNames(tools: unknown): { ok: true; names: string[] } | { ok: false; error: NeutralError } {
  const names: string[] = [];
  if (tools === undefined || tools === null) return { ok: true, names };
  if (!Array.isArray(tools)) return wrongType('tools', 'a list of Tool objects', tools);
  for (let i = 0; i < tools.length; i++) {
    const t: unknown = tools[i];
    if (!isObject(t)) return wrongType(`tools[${i}]`, 'a Tool object', t);
    const decls = field(t, 'functionDeclarations', 'function_declarations');
    if (decls === undefined || decls === null) continue;
    if (!Array.isArray(decls)) return wrongType(`tools[${i}].functionDeclarations`, 'a list of FunctionDeclaration objects', decls);
    for (let j = 0; j < decls.length; j++) {
      const d: unknown = decls[j];
      if (!isObject(d) || typeof d.name !== 'string' || d.name === '') {
        return fail(`* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Name cannot be empty.`, `tools[${i}].functionDeclarations[${j}].name`);
      }
      names.push(d.name);
    }
  }
  return { ok: true, names };
}

/**
 * `contents`, `systemInstruction` and `tools` of a body (generateContent, or countTokens).
 * @example decodePrompt({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }).ok // true
 */
export function decodePrompt(body: Json): PromptResult {
  const contents = body.contents;
  if (contents === undefined || contents === null || (Array.isArray(contents) && contents.length === 0)) {
    return fail('* GenerateContentRequest.contents: contents is not specified', 'contents');
  }
  if (!Array.isArray(contents)) return wrongType('contents', 'a list of Content objects', contents);
  const sys = systemText(field(body, 'systemInstruction', 'system_instruction'));
  if (!sys.ok) return sys;
  const tools = toolNames(body.tools);
  if (!tools.ok) return tools;

  const messages: CanonicalMessage[] = [];
  if (sys.text !== undefined) messages.push({ role: 'system', text: sys.text });
  const userTexts: Array<string | null> = [];
  for (let i = 0; i < contents.length; i++) {
    const d = decodeContent(contents[i], `contents[${i}]`);
    if (!d.ok) return d;
    const c = d.content;
    if (c.role === 'model') {
      messages.push({ role: 'assistant', text: c.text ?? '' });
      continue;
    }
    // A user content with text (or with nothing but media) is a user message; its function
    // responses follow it as tool messages.
    if (c.text !== null || c.toolResults.length === 0) messages.push({ role: 'user', text: c.text ?? '' });
    messages.push(...c.toolResults);
    userTexts.push(c.toolResults.length > 0 && c.text === null ? null : (c.text ?? ''));
  }
  // The latest user turn; one holding only tool results falls back to the user text before it.
  let latestUserText: string | undefined;
  for (let i = userTexts.length - 1; i >= 0; i--) {
    const t = userTexts[i];
    if (t !== null) {
      latestUserText = t;
      break;
    }
  }
  return { ok: true, prompt: { messages, latestUserText, systemPrompt: sys.text ?? '', toolNames: tools.names } };
}

/** Gemini's own limit on `candidateCount` is 8; llmposter answers one candidate. */
function generationConfig(gc: unknown): { ok: true; temperature: number | undefined; maxOutputTokens: number | undefined } | { ok: false; error: NeutralError } {
  if (gc === undefined || gc === null) return { ok: true, temperature: undefined, maxOutputTokens: undefined };
  if (!isObject(gc)) return wrongType('generationConfig', 'a GenerationConfig object', gc);
  const { temperature } = gc;
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') return wrongType('generationConfig.temperature', 'a number', temperature);
  const n = field(gc, 'candidateCount', 'candidate_count');
  if (n !== undefined && n !== null && n !== 1) {
    return fail(`Invalid value at 'generationConfig.candidateCount': llmposter answers one candidate per request, got ${JSON.stringify(n)}. Leave candidateCount out or set it to 1.`, 'generationConfig.candidateCount');
  }
  return { ok: true, temperature: typeof temperature === 'number' ? temperature : undefined, maxOutputTokens: positiveInt(field(gc, 'maxOutputTokens', 'max_output_tokens')) };
}

/** Body `labels` as metadata (strings, numbers and booleans as strings). */
function labels(v: unknown): { ok: true; metadata: Record<string, string> } | { ok: false; error: NeutralError } {
  // No prototype: a fixture matching `metadata.constructor` must see a missing key.
  const metadata: Record<string, string> = Object.create(null);
  if (v === undefined || v === null) return { ok: true, metadata };
  if (!isObject(v)) return wrongType('labels', 'a map of strings', v);
  for (const k in v) {
    const x = v[k];
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') metadata[k] = String(x);
  }
  return { ok: true, metadata };
}

/** The model named in the path; a `models/` prefix (sent percent-encoded) is dropped. */
export function pathModel(params: Readonly<Record<string, string>>): string {
  const m = params.model ?? '';
  return m.startsWith('models/') ? m.slice('models/'.length) : m;
}

/** The body must be an object: the same 400 for every Gemini route. */
export function notAnObject(body: unknown, what: string): NeutralError | undefined {
  return isObject(body) ? undefined : invalidArgument(`Invalid JSON payload received. Expected ${/^[AEIOU]/.test(what) ? 'an' : 'a'} ${what} object, got ${typeName(body)}.`);
}

/**
 * @example decodeGenerateRequest(body, ctx, false) // one `:generateContent` call
 */
export function decodeGenerateRequest(body: unknown, ctx: DecodeContext, stream: boolean): DecodeResult<GeminiWire> {
  const bad = notAnObject(body, 'GenerateContentRequest');
  if (bad) return { ok: false, error: bad };
  const b = body as Json;
  const prompt = decodePrompt(b);
  if (!prompt.ok) return prompt;
  const gc = generationConfig(field(b, 'generationConfig', 'generation_config'));
  if (!gc.ok) return gc;
  const meta = labels(b.labels);
  if (!meta.ok) return meta;
  const p = prompt.prompt;
  const userMessage = p.latestUserText?.trim() ?? '';
  if (p.latestUserText !== undefined && userMessage === '') {
    return { ok: false, error: invalidArgument('The latest user turn has no text: send a text part to match fixtures against.', 'contents') };
  }
  const request: ChatRequest = {
    op: 'chat',
    provider: 'gemini',
    model: pathModel(ctx.params),
    metadata: meta.metadata,
    headers: ctx.headers,
    body,
    messages: p.messages,
    userMessage,
    systemPrompt: p.systemPrompt,
    toolNames: p.toolNames,
    stream,
    temperature: gc.temperature,
    maxOutputTokens: gc.maxOutputTokens,
  };
  return { ok: true, decoded: { request, wire: { sse: stream && ctx.query.get('alt') === 'sse' } } };
}
