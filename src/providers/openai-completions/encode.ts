/**
 * Legacy Completions bodies and streams: `text_completion` objects. Tool calls have no place
 * in this API, so a tool-call fixture answers with its text (usually empty).
 */
import type { Answer, Finish, ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart } from '../../canonical/stream-parts.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import { openAiUsage } from '../openai/usage.js';
import { DONE_EVENT } from '../openai/done-event.js';

function choice(text: string, finish: string | null) {
  return { text, index: 0, logprobs: null, finish_reason: finish };
}

/**
 * The legacy API's finish words are only `stop`, `length` and `content_filter`: a tool-call
 * fixture served here ends with `stop` (its tool calls are not sent either).
 */
export function legacyFinishReason(f: Finish): string {
  const word = openAiFinishReason(f);
  return word === 'tool_calls' || word === 'function_call' ? 'stop' : word;
}

/**
 * The legacy API has one `text` and no refusal field: an answer's text parts, or, when it has
 * none, its refusal (a refusal fixture then reads the same here, streamed or not).
 */
function textKind(parts: ReadonlyArray<{ type: string }>): 'text' | 'refusal' {
  return parts.some((p) => p.type === 'text') ? 'text' : 'refusal';
}

export function encodeCompletionsBody(answer: Answer, meta: ResponseMeta): string {
  const kind = textKind(answer.parts);
  let text = '';
  for (const p of answer.parts) if (p.type === kind) text += p.text;
  return JSON.stringify({
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [choice(text, legacyFinishReason(answer.finish))],
    usage: openAiUsage(answer.usage),
  });
}

export function encodeCompletionsStream(parts: StreamPart[], meta: ResponseMeta, wire: OpenAiWire): EventList {
  const { id, created, model } = meta;
  // With include_usage every chunk before the usage chunk says `"usage": null`, as in Chat.
  const chunk = (choices: unknown[], usage: unknown = null) =>
    JSON.stringify(wire.includeUsage ? { id, object: 'text_completion', created, model, choices, usage } : { id, object: 'text_completion', created, model, choices });
  const kind = textKind(parts);
  const runs: EventRun[] = [];
  // Text deltas are encoded when written (see event-list.ts), by one function for the whole stream.
  const delta = (text: string) => chunk([choice(text, null)]);
  for (const p of parts) {
    if ((p.type === 'text' || p.type === 'refusal') && p.type === kind) runs.push({ chunks: p.chunks, encode: delta });
    else if (p.type === 'finish') {
      runs.push({ data: chunk([choice('', legacyFinishReason(p.finish))]) });
      if (wire.includeUsage) runs.push({ data: chunk([], openAiUsage(p.usage)) });
    }
  }
  runs.push(DONE_EVENT);
  return eventList(runs);
}
