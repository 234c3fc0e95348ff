/**
 * Legacy POST /v1/completions: `prompt` in, `text_completion` objects out. Tool calls have no
 * place in this API, so a tool-call fixture answers with its text (usually empty).
 */
import type { CanonicalRequest } from '../../canonical/request.js';
import type { NeutralMessage, ResponseMeta } from '../../canonical/response.js';
import { DONE_FRAME, chunkText, dataFrame, type Frame } from '../../stream/sse.js';
import type { Codec, DecodeResult, StreamEncodeOptions } from '../codec.js';
import { badRequest, decodeCommonFields } from '../openai/decode-common.js';
import { encodeOpenAiError } from '../openai/errors.js';
import { openAiUsage } from '../openai-chat/encode-response.js';

/** A string, or the last entry of a string array (the legacy API's batch form). */
function promptText(prompt: unknown): string | null {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === 'string')) return prompt[prompt.length - 1];
  return null;
}

function decode(body: unknown, headers: Record<string, string>): DecodeResult {
  const common = decodeCommonFields(body);
  if (!common.ok) return common;
  const text = promptText((body as Record<string, unknown>).prompt);
  if (text === null) return { ok: false, error: badRequest("Missing or invalid 'prompt': expected a string or an array of strings.", 'prompt') };
  const userMessage = text.trim();
  if (userMessage === '') return { ok: false, error: badRequest('The prompt is empty: send some text to match fixtures against.', 'prompt') };
  const request: CanonicalRequest = {
    provider: 'openai',
    surface: 'openai-completions',
    ...common.fields,
    messages: [{ role: 'user', text }],
    userMessage,
    systemPrompt: '',
    toolNames: [],
    headers,
    body,
  };
  return { ok: true, request };
}

function choice(text: string, finish: string | null) {
  return { text, index: 0, logprobs: null, finish_reason: finish };
}

function encodeBody(msg: NeutralMessage, meta: ResponseMeta): string {
  return JSON.stringify({
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [choice(msg.text ?? msg.refusal ?? '', msg.finishReason)],
    usage: openAiUsage(msg.usage),
  });
}

function encodeStream(msg: NeutralMessage, meta: ResponseMeta, opts: StreamEncodeOptions): Frame[] {
  const base = { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model };
  const frames: Frame[] = chunkText(msg.text ?? '', opts.chunkSize).map((piece) => () => dataFrame(JSON.stringify({ ...base, choices: [choice(piece, null)] })));
  frames.push(dataFrame(JSON.stringify({ ...base, choices: [choice('', msg.finishReason)] })));
  if (opts.includeUsage) frames.push(dataFrame(JSON.stringify({ ...base, choices: [], usage: openAiUsage(msg.usage) })));
  frames.push(DONE_FRAME);
  return frames;
}

/** POST /v1/completions */
export const openAiCompletionsCodec: Codec = {
  provider: 'openai',
  surface: 'openai-completions',
  idPrefix: 'cmpl-',
  decode,
  encodeBody,
  encodeStream,
  encodeError: encodeOpenAiError,
};
