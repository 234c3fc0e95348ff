/**
 * Streamed Chat Completions: a role chunk, content (or tool-call) chunks, the finish chunk, the
 * usage chunk when `stream_options.include_usage` is set, then `[DONE]`. Tool calls: the first
 * delta of each has `index`, `id`, `type` and the name with empty arguments, later ones carry
 * `index` and argument pieces.
 */
import type { ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart } from '../../canonical/stream-parts.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import { openAiUsage } from '../openai/usage.js';

import { DONE_EVENT } from '../openai/done-event.js';

const ROLE_DELTA = JSON.stringify({ role: 'assistant', content: '', refusal: null });
/** A tool-call-only answer: OpenAI sends `content: null` in the role chunk. */
const ROLE_DELTA_NULL_CONTENT = JSON.stringify({ role: 'assistant', content: null, refusal: null });

export function encodeChatStream(parts: StreamPart[], meta: ResponseMeta, wire: OpenAiWire): EventList {
  // Everything but the delta is the same in every chunk: serialise it once and splice. join()
  // rather than a template: it builds one flat string, where a template builds a tree of
  // string pieces that every open stream would hold until its last frame.
  const head = ['{"id":', JSON.stringify(meta.id), ',"object":"chat.completion.chunk","created":', meta.created, ',"model":', JSON.stringify(meta.model), ',"choices":[{"index":0,"delta":'].join('');
  const tail = wire.includeUsage ? ',"usage":null}' : '}';
  // Deltas are encoded when written, by one function per kind shared by the whole run (see
  // event-list.ts); each splices the delta into the fixed envelope. The role, tool-call and
  // finish chunks too: a burst of new streams then costs no serialising up front.
  const deltaTail = wire.includeUsage ? '},"logprobs":null,"finish_reason":null}],"usage":null}' : '},"logprobs":null,"finish_reason":null}]}';
  const whole = (delta: string) => `${head}${delta},"logprobs":null,"finish_reason":null}]${tail}`;
  const finishing = (reason: string) => `${head}{},"logprobs":null,"finish_reason":${reason}}]${tail}`;
  const content = (text: string) => `${head}{"content":${JSON.stringify(text)}${deltaTail}`;
  const refusal = (text: string) => `${head}{"refusal":${JSON.stringify(text)}${deltaTail}`;
  const argumentsOf = (call: number) => (args: string) => `${head}{"tool_calls":[{"index":${call},"function":{"arguments":${JSON.stringify(args)}}}]${deltaTail}`;

  let hasTools = false;
  let hasText = false;
  for (const p of parts) {
    if (p.type === 'tool-call') hasTools = true;
    else if (p.type === 'text' && p.chunks.count > 0) hasText = true;
  }
  const runs: EventRun[] = [{ data: hasTools && !hasText ? ROLE_DELTA_NULL_CONTENT : ROLE_DELTA, encode: whole }];
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        runs.push({ chunks: p.chunks, encode: content });
        break;
      case 'refusal':
        runs.push({ chunks: p.chunks, encode: refusal });
        break;
      case 'thinking':
        // Chat Completions has no reasoning text in its stream.
        break;
      case 'tool-call':
        runs.push({ data: JSON.stringify({ tool_calls: [{ index: p.call, id: p.id, type: 'function', function: { name: p.name, arguments: '' } }] }), encode: whole });
        runs.push({ chunks: p.arguments, encode: argumentsOf(p.call) });
        break;
      case 'finish':
        runs.push({ data: JSON.stringify(openAiFinishReason(p.finish)), encode: finishing });
        if (wire.includeUsage) {
          runs.push({ data: JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [], usage: openAiUsage(p.usage) }) });
        }
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown stream part ${JSON.stringify(never)}`);
      }
    }
  }
  runs.push(DONE_EVENT);
  return eventList(runs);
}
