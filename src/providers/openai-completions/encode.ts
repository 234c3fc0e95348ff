/**
 * Legacy Completions bodies and streams: `text_completion` objects. Tool calls have no place
 * in this API, so a tool-call fixture answers with its text (usually empty).
 */
import { answerText, type Answer, type ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart } from '../../canonical/stream-parts.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import { openAiUsage } from '../openai/usage.js';
import { DONE_EVENT } from '../openai/done-event.js';

function choice(text: string, finish: string | null) {
  return { text, index: 0, logprobs: null, finish_reason: finish };
}

export function encodeCompletionsBody(answer: Answer, meta: ResponseMeta): string {
  const refusal = answer.parts.find((p) => p.type === 'refusal')?.text;
  return JSON.stringify({
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [choice(answerText(answer) ?? refusal ?? '', openAiFinishReason(answer.finish))],
    usage: openAiUsage(answer.usage),
  });
}

export function encodeCompletionsStream(parts: StreamPart[], meta: ResponseMeta, wire: OpenAiWire): EventList {
  const base = { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model };
  const runs: EventRun[] = [];
  // Text deltas are encoded when written (see event-list.ts), by one function for the whole stream.
  const delta = (text: string) => JSON.stringify({ ...base, choices: [choice(text, null)] });
  for (const p of parts) {
    if (p.type === 'text') runs.push({ chunks: p.chunks, encode: delta });
    else if (p.type === 'finish') {
      runs.push({ data: JSON.stringify({ ...base, choices: [choice('', openAiFinishReason(p.finish))] }) });
      if (wire.includeUsage) runs.push({ data: JSON.stringify({ ...base, choices: [], usage: openAiUsage(p.usage) }) });
    }
  }
  runs.push(DONE_EVENT);
  return eventList(runs);
}
