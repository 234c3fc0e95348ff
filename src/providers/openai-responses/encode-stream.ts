/**
 * Streamed Responses: `event:` + `data:` frames, each with `sequence_number` from 0, in the
 * API's order: `response.created`, `response.in_progress`, then per output item
 * `response.output_item.added`, its parts (`response.content_part.added`, the text deltas,
 * `response.output_text.done` / `response.refusal.done`, `response.content_part.done`; the
 * `response.function_call_arguments.delta`/`.done` of a tool call; the
 * `response.reasoning_summary_*` events of a reasoning item), `response.output_item.done`, and
 * last `response.completed` (`response.incomplete` for a length or content-filter finish).
 *
 * Every event carries its own sequence number, so the list is its own `EventList` (the shared
 * run list serialises a run's deltas with one encoder that cannot know their position): a
 * short list of segments, each event serialised when the writer asks for it.
 */
import type { ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart, TextChunks } from '../../canonical/stream-parts.js';
import type { EventList } from '../../stream/event-list.js';
import type { WireEvent } from '../../stream/framing.js';
import type { ResponsesWire } from './decode-request.js';
import { completedResponse } from './encode-response.js';
import { responsesStatus } from './finish-reason.js';
import { contentPart, finalItemStatus, outputItem, outputItemId, responseObject, summaryPart, type ItemSpec } from './response-object.js';

/** A run of events of one name: `n` of them, event k serialised by `make(seq, k)`. */
interface Segment {
  event: string;
  n: number;
  make(seq: number, k: number): string;
  /** A run of text deltas (token pacing times these; see EventList.contentMask). */
  content?: true;
}

interface StreamContent {
  kind: 'text' | 'refusal';
  chunks: TextChunks;
}

type StreamItem =
  | { kind: 'reasoning'; chunks: TextChunks }
  | { kind: 'message'; content: StreamContent[] }
  | { kind: 'function_call'; callId: string; name: string; chunks: TextChunks };

/** A whole text from its deltas. */
function joined(chunks: TextChunks): string {
  let s = '';
  for (let k = 0; k < chunks.count; k++) s += chunks.get(k);
  return s;
}

/** Stream parts as output items (consecutive text and refusal parts share a message). */
function streamItems(parts: readonly StreamPart[]): { items: StreamItem[]; finish: Extract<StreamPart, { type: 'finish' }> | undefined } {
  const items: StreamItem[] = [];
  let message: StreamContent[] | null = null;
  let finish: Extract<StreamPart, { type: 'finish' }> | undefined;
  for (const p of parts) {
    switch (p.type) {
      case 'text':
      case 'refusal':
        if (message === null) items.push({ kind: 'message', content: (message = []) });
        message.push({ kind: p.type, chunks: p.chunks });
        continue;
      case 'thinking':
        items.push({ kind: 'reasoning', chunks: p.chunks });
        break;
      case 'tool-call':
        items.push({ kind: 'function_call', callId: p.id, name: p.name, chunks: p.arguments });
        break;
      case 'finish':
        finish = p;
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown stream part ${JSON.stringify(never)}`);
      }
    }
    message = null;
  }
  return { items, finish };
}

/** An item's complete form (what `.done` events and the final response carry). */
function itemSpec(it: StreamItem): ItemSpec {
  switch (it.kind) {
    case 'reasoning':
      return { kind: 'reasoning', text: joined(it.chunks) };
    case 'message':
      return { kind: 'message', content: it.content.map((c) => ({ kind: c.kind, text: joined(c.chunks) })) };
    case 'function_call':
      return { kind: 'function_call', callId: it.callId, name: it.name, arguments: joined(it.chunks) };
  }
}

/** `{"type":<name>,"sequence_number":<seq>,` + the rest of the event's fields. */
const head = (name: string, seq: number) => `{"type":${JSON.stringify(name)},"sequence_number":${seq},`;
/** One event from its fields (after type and sequence number). */
const single = (event: string, fields: () => Record<string, unknown>): Segment => ({
  event,
  n: 1,
  make: (seq) => head(event, seq) + JSON.stringify(fields()).slice(1),
});

export function encodeResponsesStream(parts: StreamPart[], meta: ResponseMeta, wire: ResponsesWire): EventList {
  const { items, finish } = streamItems(parts);
  const finishInfo = finish ?? { finish: { reason: 'stop' as const }, usage: { inputTokens: 0, outputTokens: 0 } };
  const specs: Array<ItemSpec | undefined> = new Array(items.length);
  /** Item `o` complete, worked out when first needed (its `.done` events, the final response). */
  const spec = (o: number) => (specs[o] ??= itemSpec(items[o]));
  let completedJson: string | undefined;
  const completed = () => (completedJson ??= JSON.stringify(completedResponse(items.map((_, o) => spec(o)), finishInfo, meta, wire)));
  // Kept at once: a GET may come while the stream is still going (it sees the finished response).
  if (wire.store) wire.store.put(meta.id, completed());

  const { status } = responsesStatus(finishInfo.finish);
  const segments: Segment[] = [];
  const inProgress = () => ({ response: responseObject(meta, wire.echo, { status: 'in_progress', output: [], usage: null }) });
  segments.push(single('response.created', inProgress), single('response.in_progress', inProgress));
  items.forEach((it, o) => {
    const id = outputItemId(meta.id, it.kind, o);
    const itemRef = `"item_id":${JSON.stringify(id)},"output_index":${o}`;
    segments.push(single('response.output_item.added', () => ({ output_index: o, item: outputItem(spec(o), id, 'in_progress') })));
    switch (it.kind) {
      case 'reasoning': {
        const at = { item_id: id, output_index: o, summary_index: 0 };
        const text = () => (spec(o) as Extract<ItemSpec, { kind: 'reasoning' }>).text;
        segments.push(
          single('response.reasoning_summary_part.added', () => ({ ...at, part: summaryPart('') })),
          deltas('response.reasoning_summary_text.delta', it.chunks, `${itemRef},"summary_index":0,"delta":`, '}'),
          single('response.reasoning_summary_text.done', () => ({ ...at, text: text() })),
          single('response.reasoning_summary_part.done', () => ({ ...at, part: summaryPart(text()) })),
        );
        break;
      }
      case 'message':
        it.content.forEach((c, ci) => {
          const at = { item_id: id, output_index: o, content_index: ci };
          const done = () => (spec(o) as Extract<ItemSpec, { kind: 'message' }>).content[ci];
          const ref = `${itemRef},"content_index":${ci},"delta":`;
          segments.push(single('response.content_part.added', () => ({ ...at, part: contentPart({ kind: c.kind, text: '' }) })));
          if (c.kind === 'text') {
            segments.push(
              deltas('response.output_text.delta', c.chunks, ref, ',"logprobs":[]}'),
              single('response.output_text.done', () => ({ ...at, text: done().text, logprobs: [] })),
            );
          } else {
            segments.push(deltas('response.refusal.delta', c.chunks, ref, '}'), single('response.refusal.done', () => ({ ...at, refusal: done().text })));
          }
          segments.push(single('response.content_part.done', () => ({ ...at, part: contentPart(done()) })));
        });
        break;
      case 'function_call':
        segments.push(
          deltas('response.function_call_arguments.delta', it.chunks, `${itemRef},"delta":`, '}'),
          single('response.function_call_arguments.done', () => ({ item_id: id, output_index: o, name: it.name, arguments: (spec(o) as Extract<ItemSpec, { kind: 'function_call' }>).arguments })),
        );
        break;
    }
    segments.push(single('response.output_item.done', () => ({ output_index: o, item: outputItem(spec(o), id, finalItemStatus(o, items.length, status)) })));
  });
  const last = status === 'completed' ? 'response.completed' : 'response.incomplete';
  segments.push({ event: last, n: 1, make: (seq) => `${head(last, seq)}"response":${completed()}}` });
  return new SegmentList(segments, wire.written);
}

/** A run of delta events: `ref` holds the fields before the delta, `tail` closes the object. */
function deltas(event: string, chunks: TextChunks, ref: string, tail: string): Segment {
  return { event, n: chunks.count, make: (seq, k) => head(event, seq) + ref + JSON.stringify(chunks.get(k)) + tail, content: true };
}

/**
 * The stream's events; event i is serialised when asked for, with sequence number i, and
 * `written.seq` follows the last one asked for (the writer asks in order, as it writes).
 */
class SegmentList implements EventList {
  readonly length: number;
  /** Cursor: the segment of the last event asked for, and the index of its first event. */
  private seg = 0;
  private segStart = 0;

  constructor(
    private readonly segments: readonly Segment[],
    private readonly written: { seq: number },
  ) {
    let n = 0;
    for (const s of segments) n += s.n;
    this.length = n;
  }

  get(i: number): WireEvent {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`event ${i} of ${this.length}`);
    if (i < this.segStart) {
      this.seg = 0;
      this.segStart = 0;
    }
    for (;;) {
      const s = this.segments[this.seg];
      if (i < this.segStart + s.n) {
        this.written.seq = i;
        return { event: s.event, data: s.make(i, i - this.segStart) };
      }
      this.segStart += s.n;
      this.seg++;
    }
  }

  contentMask(): Uint8Array {
    const mask = new Uint8Array(this.length);
    let i = 0;
    for (const s of this.segments) {
      if (s.content) mask.fill(1, i, i + s.n);
      i += s.n;
    }
    return mask;
  }
}
