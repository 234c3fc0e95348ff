/**
 * The provider-neutral request every codec decodes into. Matching, rendering and planning see
 * only this shape, never a provider's raw body (except `body`, kept for templates).
 */

/** Which API family a fixture may be restricted to with `provider:`. */
export type ProviderName = 'openai' | 'anthropic' | 'gemini' | 'responses';
export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'anthropic', 'gemini', 'responses'];

/** The concrete endpoint that decoded the request; decides the encoder. */
export type Surface = 'openai-chat' | 'openai-completions';

export interface CanonicalMessage {
  role: string;
  /** Text parts joined by newline; empty when the message holds no text. */
  text: string;
}

export interface CanonicalRequest {
  provider: ProviderName;
  surface: Surface;
  model: string;
  messages: CanonicalMessage[];
  /** The latest user turn, trimmed (what `match.user_message` sees). */
  userMessage: string;
  /** System messages joined by newline (what `match.system_prompt` sees). */
  systemPrompt: string;
  /** Declared tool (function) names. */
  toolNames: string[];
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  temperature?: number;
  /** Body `metadata`, numbers and booleans turned into strings. */
  metadata: Record<string, string>;
  /** Request headers, names lower-cased, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body, for `content_template` (`{{ request.messages[0].content }}`). */
  body: unknown;
}
