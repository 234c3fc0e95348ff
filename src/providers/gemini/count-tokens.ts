/**
 * `:countTokens`: the prompt's tokens, counted exactly as a `:generateContent` with the same
 * contents reports them in `usageMetadata.promptTokenCount` (same decoder, same tokenizer), so
 * a client that budgets with countTokens sees the numbers agree. No fixture is consulted.
 */
import type { NeutralError } from '../../canonical/answer.js';
import { countChatPromptTokens } from '../../generate/tokens.js';
import { isObject, typeName, type Json } from '../openai/decode-common.js';
import { decodePrompt, notAnObject } from './decode-request.js';
import { invalidArgument } from './errors.js';

export type CountTokensResult = { ok: true; body: string } | { ok: false; error: NeutralError };

/**
 * The body is `{contents}` or `{generateContentRequest: {contents, systemInstruction, tools}}`.
 * @example countGeminiTokens({ contents: [{ parts: [{ text: 'Hello' }] }] }) // { ok: true, body: '{"totalTokens":8,...}' }
 */
export function countGeminiTokens(body: unknown): CountTokensResult {
  const bad = notAnObject(body, 'CountTokensRequest');
  if (bad) return { ok: false, error: bad };
  const b = body as Json;
  const gcr = b.generateContentRequest ?? b.generate_content_request;
  let source: Json = b;
  if (gcr !== undefined && gcr !== null) {
    if (b.contents !== undefined && b.contents !== null) {
      return { ok: false, error: invalidArgument('* CountTokensRequest: contents and generateContentRequest are mutually exclusive: send one of them.', 'contents') };
    }
    if (!isObject(gcr)) return { ok: false, error: invalidArgument(`Invalid value at 'generateContentRequest': expected a GenerateContentRequest object, got ${typeName(gcr)}.`, 'generateContentRequest') };
    source = gcr;
  }
  const prompt = decodePrompt(source);
  if (!prompt.ok) return prompt;
  const total = countChatPromptTokens(prompt.prompt.messages);
  return { ok: true, body: JSON.stringify({ totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] }) };
}
