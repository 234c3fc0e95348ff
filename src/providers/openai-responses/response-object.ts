/**
 * The Responses API's `response` object and its output items, shared by the body, the stream
 * (`response.created` ... `response.completed`), the failed response and the kept copy.
 *
 * Output items: a `reasoning` item for `thinking` (its text as a `summary_text`), a `message`
 * holding consecutive text and refusal parts (`output_text` / `refusal` content), a
 * `function_call` per tool call (`arguments` a JSON string, `call_id` the tool-call id). Item
 * ids share the response id's digits (`msg_<digits>00`, `fc_<digits>01`, ...), as the real
 * API's do, so they replay with the request's seed.
 */
import type { ResponseMeta, Usage } from '../../canonical/answer.js';
import { countTokens } from '../../generate/tokens.js';
import type { ResponseEcho } from './decode-request.js';
import type { ResponsesStatus } from './finish-reason.js';

export type OutputItemKind = 'reasoning' | 'message' | 'function_call';

/** One content part of a message item. */
export interface ContentSpec {
  kind: 'text' | 'refusal';
  text: string;
}

/** An output item, its texts complete. */
export type ItemSpec =
  | { kind: 'reasoning'; text: string }
  | { kind: 'message'; content: ContentSpec[] }
  | { kind: 'function_call'; callId: string; name: string; arguments: string };

const ID_PREFIX: Readonly<Record<OutputItemKind, string>> = { reasoning: 'rs_', message: 'msg_', function_call: 'fc_' };

/** The digits of a response id (`resp_abc` -> `abc`). */
function idDigits(responseId: string): string {
  const cut = responseId.indexOf('_');
  return cut === -1 ? responseId : responseId.slice(cut + 1);
}

/** @example outputItemId('resp_ab12', 'message', 0) // 'msg_ab1200' */
export function outputItemId(responseId: string, kind: OutputItemKind, index: number): string {
  return `${ID_PREFIX[kind]}${idDigits(responseId)}${index.toString(16).padStart(2, '0')}`;
}

/** A content part as the API writes it. */
export function contentPart(c: ContentSpec) {
  return c.kind === 'text' ? { type: 'output_text', annotations: [], logprobs: [], text: c.text } : { type: 'refusal', refusal: c.text };
}

/** The reasoning summary part. */
export function summaryPart(text: string) {
  return { type: 'summary_text', text };
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/**
 * An output item. `status` is `in_progress` while streaming (texts empty: the deltas fill them),
 * then `completed`, or `incomplete` for the item a length or content-filter finish cut short.
 * Reasoning items carry no status, as the API sends them.
 */
export function outputItem(spec: ItemSpec, id: string, status: ItemStatus) {
  const done = status !== 'in_progress';
  switch (spec.kind) {
    case 'reasoning':
      return { id, type: 'reasoning', summary: done ? [summaryPart(spec.text)] : [] };
    case 'message':
      return { id, type: 'message', status, content: done ? spec.content.map(contentPart) : [], role: 'assistant' };
    case 'function_call':
      return { id, type: 'function_call', status, arguments: done ? spec.arguments : '', call_id: spec.callId, name: spec.name };
    default: {
      const never: never = spec;
      throw new Error(`unknown output item ${JSON.stringify(never)}`);
    }
  }
}

/** The status item `index` ends with: the last one of an incomplete response was cut short. */
export function finalItemStatus(index: number, count: number, response: ResponsesStatus['status']): ItemStatus {
  return response === 'incomplete' && index === count - 1 ? 'incomplete' : 'completed';
}

/** The finished output list. */
export function outputItems(items: readonly ItemSpec[], responseId: string, response: ResponsesStatus['status']) {
  return items.map((it, i) => outputItem(it, outputItemId(responseId, it.kind, i), finalItemStatus(i, items.length, response)));
}

/**
 * `usage`; the part of the output spent reasoning is the answer's own count (a reasoning
 * model's), else its reasoning texts' tokens.
 */
export function responsesUsage(u: Usage, items: readonly ItemSpec[]) {
  let reasoning = u.reasoningTokens ?? 0;
  if (u.reasoningTokens === undefined) for (const it of items) if (it.kind === 'reasoning') reasoning += countTokens(it.text);
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: Math.min(reasoning, u.outputTokens) },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

export interface ResponseState {
  status: 'in_progress' | ResponsesStatus['status'] | 'failed';
  incompleteDetails?: { reason: string } | null;
  error?: { code: string; message: string } | null;
  output: unknown[];
  usage: unknown;
}

/**
 * The `response` object, in the API's field order, echoing the request's settings.
 * @example JSON.stringify(responseObject(meta, echo, { status: 'in_progress', output: [], usage: null }))
 */
export function responseObject(meta: ResponseMeta, echo: ResponseEcho, s: ResponseState) {
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status: s.status,
    background: false,
    error: s.error ?? null,
    incomplete_details: s.incompleteDetails ?? null,
    instructions: echo.instructions,
    max_output_tokens: echo.maxOutputTokens,
    model: meta.model,
    output: s.output,
    parallel_tool_calls: echo.parallelToolCalls,
    previous_response_id: echo.previousResponseId,
    reasoning: echo.reasoning,
    service_tier: echo.serviceTier,
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.toolChoice,
    tools: echo.tools,
    top_p: echo.topP,
    truncation: 'disabled',
    usage: s.usage,
    user: echo.user,
    metadata: echo.metadata,
  };
}
