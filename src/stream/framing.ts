/**
 * Framing only: no sockets, no timing. Codecs produce events; the writer frames them in the
 * wire format the provider streams in:
 * - `sse`: `event: <name>` (when the event has one) and `data:` lines, blank line after;
 * - `json-array`: `[`, the events' JSON separated by `,`, then `]` (Gemini without `alt=sse`);
 * - `ndjson`: one JSON document per line;
 * - `raw`: each event's data exactly as it is (a fixture's `raw:` recording, already framed
 *   by the provider that sent it); no content type of its own, the recording's headers say it.
 * Faults act on events, so a truncated JSON array is cut at an element boundary (and a raw
 * recording at a recorded chunk's).
 */

/** The framings a provider codec streams in. */
export type CodecFraming = 'sse' | 'json-array' | 'ndjson';
export type Framing = CodecFraming | 'raw';

/**
 * One event of a streamed answer. With `encode`, `data` is the event's raw payload (a text
 * delta, say) and the writer serialises it with `encode(data)` when it gets to it: encoders
 * defer the bulky frames so a burst of new streams costs little up front, and a stream waiting
 * out its latency holds one small object per event (the encoder is shared by the whole stream),
 * not a serialised frame or a closure. The bytes are the same either way.
 */
export interface WireEvent {
  /** SSE `event:` name (Anthropic, Responses); ignored by the other framings. */
  event?: string;
  /** SSE `id:` (job events). */
  id?: string | number;
  data: string;
  /** Serialises `data` into the event's JSON text (never containing a raw line break). */
  encode?: (data: string) => string;
}

export const CONTENT_TYPE: Readonly<Record<CodecFraming, string>> = {
  sse: 'text/event-stream; charset=utf-8',
  'json-array': 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/**
 * Headers of every streamed response besides its content type (also used by job events).
 * No `connection` header: node:http sends `keep-alive` itself when the client allows it, and
 * setting it by hand would keep a connection open after a client asked for `close`.
 */
export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
};

export function eventData(e: WireEvent): string {
  return e.encode === undefined ? e.data : e.encode(e.data);
}

/**
 * One SSE frame. Data with line breaks becomes one `data:` line per line, as the SSE spec
 * requires (clients join them back with "\n").
 * @example sseFrame({ event: 'ping', data: '{}' }) // 'event: ping\ndata: {}\n\n'
 */
export function sseFrame(e: WireEvent): string {
  const head = (e.id === undefined ? '' : `id: ${e.id}\n`) + (e.event === undefined ? '' : `event: ${e.event}\n`);
  // An encoder's output is JSON text, which has no raw line breaks: no need to scan it.
  if (e.encode !== undefined) return `${head}data: ${e.encode(e.data)}\n\n`;
  const data = e.data;
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) return `${head}data: ${data}\n\n`;
  return `${head}${data.split(/\r\n|\r|\n/).map((l) => `data: ${l}`).join('\n')}\n\n`;
}

/**
 * The bytes for the `index`th event written (0-based, counting duplicates) in `framing`.
 * @example frameEvent('json-array', { data: '{"a":1}' }, 0) // '[{"a":1}'
 */
export function frameEvent(framing: Framing, e: WireEvent, index: number): string {
  switch (framing) {
    case 'sse':
      return sseFrame(e);
    case 'json-array':
      return (index === 0 ? '[' : ',\r\n') + eventData(e);
    case 'ndjson':
      return eventData(e) + '\n';
    case 'raw':
      return eventData(e);
    default: {
      const never: never = framing;
      throw new Error(`unknown framing ${String(never)}`);
    }
  }
}

/**
 * What closes a complete stream after `written` events: `]` for a JSON array (`[]` when it
 * was empty), nothing for the others. A truncated stream gets no closing at all.
 */
export function closeFraming(framing: Framing, written: number): string {
  if (framing !== 'json-array') return '';
  return written === 0 ? '[]' : ']';
}
