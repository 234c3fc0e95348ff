/**
 * The provider-neutral answer a fixture renders to: an ordered list of parts and a neutral
 * finish reason. Each provider folder maps parts to its own body/events and the finish reason
 * to its own word (`providers/<name>/finish-reason.ts`).
 */

export type AnswerPart =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'refusal'; text: string }
  | { type: 'tool_call'; id: string; name: string; argumentsJson: string };

/**
 * Why the answer ended, in no provider's vocabulary. `other` is a word a fixture wrote that
 * has no neutral meaning; codecs send it as written.
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'stop_sequence' | 'content_filter' | 'refusal' | 'other';

/** A fixture can write finish reasons in OpenAI's words (`finish_reason`) or Anthropic's (`stop_reason`). */
export type FinishVocabulary = 'openai' | 'anthropic';

export interface Finish {
  reason: FinishReason;
  /**
   * The words a fixture wrote, per vocabulary (it may give both, to serve both providers): a
   * provider speaking that vocabulary sends its word verbatim.
   */
  written?: Partial<Record<FinishVocabulary, string>>;
}

export interface Usage {
  inputTokens: number;
  /** Every token of the answer, reasoning included (as the real APIs count them). */
  outputTokens: number;
  /**
   * Of `outputTokens`, how many the model spent reasoning (reasoning models only; see
   * `generate/reasoning.ts`). Set = the codecs report it (OpenAI `reasoning_tokens`, Gemini
   * `thoughtsTokenCount`); pacing spends `reasoningTokens x TBT` before the first token.
   */
  reasoningTokens?: number;
}

export interface Answer {
  parts: AnswerPart[];
  finish: Finish;
  usage: Usage;
}

/** The answer to an embeddings request: one vector per input, in input order. */
export interface Embeddings {
  vectors: number[][];
  usage: { inputTokens: number };
}

/** An error to encode in a provider's shape. */
export interface NeutralError {
  status: number;
  message: string;
  /** Which request field was wrong, when known (OpenAI's `param`). */
  param?: string | null;
  /**
   * A machine-readable code where the provider's shape has one (OpenAI's `code`, e.g.
   * `context_length_exceeded`); it wins over the code the status would give.
   */
  code?: string;
  /** Extra headers; they win over the provider's defaults for that status. */
  headers?: Record<string, string>;
  /**
   * False: a 429 without the provider's stand-in rate-limit headers (the rate limiter sends
   * real counts, and a stand-in for a budget it does not keep would contradict them).
   */
  rateLimitDefaults?: boolean;
}

/** What every encoded answer carries besides its parts. */
export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

/**
 * The answer's text parts joined, or null when it has none (a tool-call-only answer).
 * @example answerText({ parts: [{ type: 'text', text: 'hi' }], ... }) // 'hi'
 */
export function answerText(answer: Answer): string | null {
  let out: string | null = null;
  for (const p of answer.parts) if (p.type === 'text') out = out === null ? p.text : out + p.text;
  return out;
}

/** Every tool call of the answer, in order. */
export function toolCalls(answer: Answer): Array<Extract<AnswerPart, { type: 'tool_call' }>> {
  return answer.parts.filter((p): p is Extract<AnswerPart, { type: 'tool_call' }> => p.type === 'tool_call');
}
