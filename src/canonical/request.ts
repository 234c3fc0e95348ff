/**
 * The provider-neutral request every codec decodes into: a union of operations, so chat and
 * embeddings each have their own shape. Matching, rendering and planning see only this, never
 * a provider's raw body (except `body`, kept for templates). No provider's wire names here.
 */

/** Which API family a fixture may be restricted to with `provider:`. */
export type ProviderName = 'openai' | 'anthropic' | 'gemini' | 'responses' | 'azure';
export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'anthropic', 'gemini', 'responses', 'azure'];

/** What a request asks for. */
export type Operation = 'chat' | 'embed';

/**
 * Request headers as node:http hands them over: names lower-cased, repeated headers joined
 * with ", " (`set-cookie` stays a list). Kept as given rather than copied per request.
 */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** One header's value, a list joined with ", "; undefined when absent. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const v = headers[name];
  if (typeof v === 'string') return v;
  // Only own values: `constructor` and friends are not headers.
  return Array.isArray(v) && Object.hasOwn(headers, name) ? v.join(', ') : undefined;
}

export interface CanonicalMessage {
  role: string;
  /** Text parts joined by newline; empty when the message holds no text. */
  text: string;
  /** A tool result's `tool_call_id` (OpenAI `role: "tool"` messages). */
  toolCallId?: string;
}

interface RequestBase {
  provider: ProviderName;
  model: string;
  /** Body `metadata`, numbers and booleans turned into strings. */
  metadata: Record<string, string>;
  headers: RequestHeaders;
  /** The parsed JSON body, for `content_template` (`{{ request.messages[0].content }}`). */
  body: unknown;
}

export interface ChatRequest extends RequestBase {
  op: 'chat';
  messages: CanonicalMessage[];
  /** The latest user turn, trimmed (what `match.user_message` sees). */
  userMessage: string;
  /** System instructions joined by newline (what `match.system_prompt` sees). */
  systemPrompt: string;
  /** Declared tool (function) names. */
  toolNames: string[];
  stream: boolean;
  temperature?: number;
  /**
   * The most output tokens the client allows: OpenAI `max_completion_tokens` (or `max_tokens`),
   * Responses `max_output_tokens`, Anthropic `max_tokens`, Gemini
   * `generationConfig.maxOutputTokens`. Undefined when the request sets none.
   */
  maxOutputTokens?: number;
  /** OpenAI `reasoning_effort` / Responses `reasoning.effort` (none, minimal, low, medium, high, xhigh), when given. */
  reasoningEffort?: string;
}

/** A positive whole number from a body field, else undefined (the limits are read, never enforced here). */
export function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}

export interface EmbedRequest extends RequestBase {
  op: 'embed';
  /** One text per vector wanted. */
  inputs: string[];
  /** Requested vector size, when the client names one. */
  dimensions?: number;
}

export type LlmRequest = ChatRequest | EmbedRequest;
