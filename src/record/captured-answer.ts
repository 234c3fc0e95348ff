/**
 * What a recording learns from an upstream answer, whatever the provider: the text, the
 * reasoning, the tool calls, the finish reason in the provider's own vocabulary, token usage,
 * and when each content frame arrived (for the fixture's timing). Each provider's collector
 * (`collect-*.ts`) fills one in from a body or from stream events as they pass through.
 */

export interface CapturedToolCall {
  name: string;
  /** The arguments' JSON text, as the provider sent it. */
  arguments: string;
}

export interface CapturedUsage {
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens?: number;
}

export interface CapturedAnswer {
  content: string;
  thinking: string;
  toolCalls: CapturedToolCall[];
  /** OpenAI's vocabulary (`stop`, `length`, `tool_calls`, `content_filter`). */
  finishReason?: string;
  /** Anthropic's vocabulary (`end_turn`, `max_tokens`, `tool_use` ...), when the provider speaks it. */
  stopReason?: string;
  usage?: CapturedUsage;
  /** Embeddings: one vector per input. */
  embeddings?: number[][];
  /** Offsets (ms from the request) of the frames that carried text, reasoning or tool-call pieces. */
  contentAt: number[];
  /** How many of those frames carried answer text (what `chunk_size` is measured over). */
  textFrames: number;
  /** How many stream frames (events) arrived. */
  frames: number;
  /** The upstream reported an error inside the stream (status 200 already sent): not saved as an answer. */
  streamError?: string;
}

/** Reads one provider's answer: stream events as they arrive, or the whole body at the end. */
export interface AnswerCollector {
  /** One SSE event (`event` is the `event:` name, when the frame has one). */
  event(data: string, event: string | undefined, atMs: number): void;
  /** The whole body of a non-SSE response (a JSON body, or Gemini's JSON-array stream). */
  body(text: string, chunkTimes: number[]): void;
  result(): CapturedAnswer;
}

export function emptyAnswer(): CapturedAnswer {
  return { content: '', thinking: '', toolCalls: [], contentAt: [], textFrames: 0, frames: 0 };
}

/** JSON.parse that gives undefined instead of throwing (upstream frames are not ours to trust). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A plain object's field, or undefined. */
export function field(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Usage from the three fields every provider has in some spelling; undefined unless both counts are there. */
export function usageOf(input: unknown, output: unknown, reasoning: unknown): CapturedUsage | undefined {
  const i = num(input);
  const o = num(output);
  if (i === undefined || o === undefined) return undefined;
  const r = num(reasoning);
  return r !== undefined && r > 0 ? { input_tokens: i, output_tokens: o, reasoning_tokens: r } : { input_tokens: i, output_tokens: o };
}
