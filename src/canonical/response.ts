/**
 * The provider-neutral answer a fixture renders to; codecs encode it as a body or as frames.
 */
export interface NeutralToolCall {
  id: string;
  name: string;
  /** The arguments as a JSON string (what OpenAI sends; Anthropic codecs re-parse it). */
  argumentsJson: string;
}

export interface NeutralUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface NeutralMessage {
  /** Null when the answer is only tool calls or a refusal. */
  text: string | null;
  toolCalls: NeutralToolCall[];
  refusal: string | null;
  /** OpenAI vocabulary: stop | length | tool_calls | content_filter (or a fixture's own value). */
  finishReason: string;
  usage: NeutralUsage;
}

/** What every encoded response carries besides the message. */
export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

/** An error to encode in the provider's shape. */
export interface NeutralError {
  status: number;
  message: string;
  /** OpenAI `param` (which request field was wrong), when known. */
  param?: string | null;
  /** Extra headers; they win over the provider's defaults for that status. */
  headers?: Record<string, string>;
}
