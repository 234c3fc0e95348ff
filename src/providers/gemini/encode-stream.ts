/**
 * A streamed answer as `GenerateContentResponse` elements, one per delta: thought deltas
 * (`thought: true` parts), text deltas, then one element per function call (Gemini sends each
 * call whole, arguments as an object). The last element also carries `finishReason` and the
 * full `usageMetadata`, as the real API's last chunk does; the ones before it report the prompt
 * tokens only. The writer frames the elements as `data:` frames (`?alt=sse`) or as a JSON array.
 *
 * No element is left without text for a client that prints `chunk.text`: an answer with
 * nothing to stream (an empty text) ends in one element with an empty text part; only a
 * refusal (safety block) or a malformed function call ends without content, as on the real API.
 */
import type { ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart, TextChunks } from '../../canonical/stream-parts.js';
import { countTokens } from '../../generate/tokens.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import { finishFields, functionCallPart, malformedMessage } from './answer-parts.js';
import { geminiPromptUsage, geminiUsage } from './usage.js';

const HEAD = '{"candidates":[{"content":{"parts":[';
const textPart = (d: string) => `{"text":${JSON.stringify(d)}}`;
const thoughtPart = (d: string) => `{"text":${JSON.stringify(d)},"thought":true}`;
/** A tool call's part is serialised when the stream is built (it is small and sent whole). */
const asIs = (part: string) => part;

function joined(c: TextChunks): string {
  let s = '';
  for (let k = 0; k < c.count; k++) s += c.get(k);
  return s;
}

/** The first `count - 1` deltas of a run (the last one goes out as the finishing element). */
function allButLast(c: TextChunks): TextChunks {
  return { count: c.count - 1, get: (k) => c.get(k) };
}

interface ContentRun {
  chunks: TextChunks;
  part: (delta: string) => string;
}

export function encodeGeminiStream(parts: StreamPart[], meta: ResponseMeta): EventList {
  const ids = `,"modelVersion":${JSON.stringify(meta.model)},"responseId":${JSON.stringify(meta.id)}}`;
  const content: ContentRun[] = [];
  const malformed: Array<{ name: string; argumentsJson: string }> = [];
  let refusal: string | undefined;
  let thoughts = 0;
  let finishPart: Extract<StreamPart, { type: 'finish' }> | undefined;
  for (const p of parts) {
    switch (p.type) {
      case 'thinking':
        content.push({ chunks: p.chunks, part: thoughtPart });
        thoughts += countTokens(joined(p.chunks));
        break;
      case 'text':
        if (p.chunks.count > 0) content.push({ chunks: p.chunks, part: textPart });
        break;
      case 'refusal':
        refusal = (refusal ?? '') + joined(p.chunks);
        break;
      case 'tool-call': {
        const argumentsJson = joined(p.arguments);
        const part = functionCallPart(p.name, argumentsJson);
        if (part === null) malformed.push({ name: p.name, argumentsJson });
        else content.push({ chunks: { count: 1, get: () => part }, part: asIs });
        break;
      }
      case 'finish':
        finishPart = p;
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown stream part ${JSON.stringify(never)}`);
      }
    }
  }
  if (!finishPart) throw new Error('a stream without a finish part');

  const promptUsage = geminiPromptUsage(finishPart.usage.inputTokens);
  const midTail = `],"role":"model"}}],"usageMetadata":${promptUsage}${ids}`;
  const message = refusal ?? (malformed.length > 0 ? malformedMessage(malformed) : undefined);
  const finish = finishFields(finishPart.finish, message, malformed.length > 0);
  const usage = `],"usageMetadata":${geminiUsage(finishPart.usage, thoughts)}${ids}`;
  const lastTail = `],"role":"model"}${finish.reason}${finish.safety}}${usage}`;

  const runs: EventRun[] = [];
  const last = content.at(-1);
  // With nothing left out, an answer with nothing to stream still ends with a (blank) text.
  if (!last && refusal === undefined && malformed.length === 0) content.push({ chunks: { count: 1, get: () => '' }, part: textPart });
  for (const c of content) {
    const encode = (d: string) => `${HEAD}${c.part(d)}${midTail}`;
    runs.push({ chunks: c === content.at(-1) ? allButLast(c.chunks) : c.chunks, encode });
  }
  const end = content.at(-1);
  if (end) {
    // A run of one delta (not a single event): it carries text, so token pacing times it.
    const lastDelta = end.chunks.get(end.chunks.count - 1);
    runs.push({ chunks: { count: 1, get: () => lastDelta }, encode: (d) => `${HEAD}${end.part(d)}${lastTail}` });
  } else {
    // A safety block or a malformed call: the last element has no content.
    runs.push({ data: `{"candidates":[{${finish.reason.slice(1)}${finish.safety}}${usage}` });
  }
  return eventList(runs);
}
