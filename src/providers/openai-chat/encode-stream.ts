/**
 * Streamed Chat Completions: a role chunk, content (or tool-call) chunks, the finish chunk, the
 * usage chunk when `stream_options.include_usage` is set, then `[DONE]`. Tool calls: the first
 * delta of each has `index`, `id`, `type` and the name with empty arguments, later ones carry
 * `index` and argument pieces. With `n` > 1 the choices follow one another, each under its own
 * `index` (the SDK gathers chunks by index), and the usage counts all of them.
 */
import type { ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart } from '../../canonical/stream-parts.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import { servingFieldsJson, systemFingerprint } from '../openai/serving-info.js';
import { openAiUsage } from '../openai/usage.js';
import { memoByString } from '../../util/string-cache.js';

import { DONE_EVENT } from '../openai/done-event.js';

/** What follows a delta object that is still open (`{"content":"..."` needs its `}`). */
const OPEN_DELTA_END = '},"logprobs":null,"finish_reason":null}';
/** What follows a complete delta object in a chunk that does not finish. */
const CLOSED_DELTA_END = ',"logprobs":null,"finish_reason":null}';
const TAIL = '}';
const USAGE_TAIL = ',"usage":null}';
/** What follows a text delta's JSON string, to the chunk's end. */
const AFTER_TEXT = OPEN_DELTA_END + ']' + TAIL;
const AFTER_TEXT_USAGE = OPEN_DELTA_END + ']' + USAGE_TAIL;
/** Opens a content delta: `{"content":` then the text's JSON string. */
const CONTENT_OPEN = '{"content":';
const ROLE_CHOICE = JSON.stringify({ role: 'assistant', content: '', refusal: null }) + CLOSED_DELTA_END;
/** A tool-call-only answer: OpenAI sends `content: null` in the role chunk. */
const ROLE_CHOICE_NULL_CONTENT = JSON.stringify({ role: 'assistant', content: null, refusal: null }) + CLOSED_DELTA_END;
/** A refusal: no content, and the refusal text starts empty (its pieces follow as `delta.refusal`). */
const ROLE_CHOICE_REFUSAL = JSON.stringify({ role: 'assistant', content: null, refusal: '' }) + CLOSED_DELTA_END;

export function encodeChatStream(parts: StreamPart[], meta: ResponseMeta, wire: OpenAiWire): EventList {
  const runs: EventRun[] = [];
  const role = roleChoice(parts);
  // With `n`, each choice streams the same answer under its own index, one after the other.
  for (let index = 0; index < wire.n; index++) choiceRuns(runs, index, role, parts, meta, wire);
  const finish = parts.find((p) => p.type === 'finish');
  if (wire.includeUsage && finish) {
    runs.push({ data: JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, service_tier: wire.serviceTier, system_fingerprint: systemFingerprint(meta.model), choices: [], usage: openAiUsage(finish.usage, wire.n) }) });
  }
  runs.push(DONE_EVENT);
  return eventList(runs);
}

/** The role chunk's choice: its `content`/`refusal` opening follows from what the answer holds. */
function roleChoice(parts: StreamPart[]): string {
  let hasTools = false;
  let hasText = false;
  let hasRefusal = false;
  for (const p of parts) {
    if (p.type === 'tool-call') hasTools = true;
    else if (p.type === 'text' && p.chunks.count > 0) hasText = true;
    else if (p.type === 'refusal') hasRefusal = true;
  }
  return hasText ? ROLE_CHOICE : hasRefusal ? ROLE_CHOICE_REFUSAL : hasTools ? ROLE_CHOICE_NULL_CONTENT : ROLE_CHOICE;
}

/** The chunks of choice `index`: role, deltas, finish. */
function choiceRuns(runs: EventRun[], index: number, role: string, parts: StreamPart[], meta: ResponseMeta, wire: OpenAiWire): void {
  // Everything but the delta is the same in every chunk: serialise it once and splice. join()
  // rather than a template: it builds one flat string, where a template builds a tree of
  // string pieces that every open stream would hold until its last frame. It is built with a
  // content delta opened, and the head alone is a slice of it: an open stream holds one copy
  // of these ~230 bytes, not two.
  const beforeContent = ['{"id":', JSON.stringify(meta.id), ',"object":"chat.completion.chunk","created":', meta.created, servingFieldsJson(meta.model, wire.serviceTier), ',"choices":[{"index":', index, ',"delta":', CONTENT_OPEN].join('');
  const head = beforeContent.slice(0, beforeContent.length - CONTENT_OPEN.length);
  const tail = wire.includeUsage ? USAGE_TAIL : TAIL;
  // Every chunk is serialised when written, by functions shared by the whole stream (see
  // event-list.ts): a burst of new streams costs no serialising up front, and an open stream
  // holds a couple of small functions, not its frames. `choice` takes the rest of the choice
  // (delta, logprobs, finish_reason) already serialised; `textDelta(field)` serialises a text
  // delta (`content`, `refusal`) into it.
  const choice = (rest: string) => `${head}${rest}]${tail}`;
  // A text delta is written once per token: what comes before and after its text is joined
  // into two flat strings up front, so each frame is two concatenations, not seven (every
  // concatenation is a string object the young-generation GC has to deal with).
  const afterText = wire.includeUsage ? AFTER_TEXT_USAGE : AFTER_TEXT;
  const textDelta = (field: string) => {
    const beforeText = field === 'content' ? beforeContent : [head, '{"', field, '":'].join('');
    return (text: string) => beforeText + JSON.stringify(text) + afterText;
  };

  let content: ((text: string) => string) | undefined;
  runs.push({ data: role, encode: choice });
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        runs.push({ chunks: p.chunks, encode: (content ??= textDelta('content')) });
        break;
      case 'refusal':
        runs.push({ chunks: p.chunks, encode: textDelta('refusal') });
        break;
      case 'thinking':
        // Chat Completions has no reasoning text in its stream.
        break;
      case 'tool-call':
        runs.push({ data: `{"tool_calls":[${JSON.stringify({ index: p.call, id: p.id, type: 'function', function: { name: p.name, arguments: '' } })}]}${CLOSED_DELTA_END}`, encode: choice });
        runs.push({ chunks: p.arguments, encode: (args) => `${head}{"tool_calls":[{"index":${p.call},"function":{"arguments":${JSON.stringify(args)}}}]${OPEN_DELTA_END}]${tail}` });
        break;
      case 'finish':
        runs.push({ data: finishChoice(openAiFinishReason(p.finish)), encode: choice });
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown stream part ${JSON.stringify(never)}`);
      }
    }
  }
}

/**
 * The finish chunk's choice, one string per finish reason rather than one per stream. Bounded:
 * a fixture may write any `finish_reason`, and the fixture set can be reloaded without end.
 */
const finishChoice = memoByString((reason) => `{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}}`, 64, 256);
