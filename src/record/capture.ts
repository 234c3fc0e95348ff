/**
 * One upstream response as it passes through the proxy: every chunk with its offset from the
 * request's start, decoded as UTF-8 with a streaming decoder (a character split across two TCP
 * chunks stays whole), SSE parsed with eventsource-parser as it arrives. The client is never
 * made to wait for any of this: the proxy writes each chunk on before handing it here.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { IncomingHttpHeaders } from 'node:http';
import type { AnswerCollector, CapturedAnswer } from './captured-answer.js';

export interface RawChunk {
  at_ms: number;
  data: string;
}

export interface CapturedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The response was SSE (`text/event-stream`). */
  sse: boolean;
  chunks: RawChunk[];
  /** Offset of the last byte (ms from the request's start). */
  endMs: number;
  /** Offset of the response headers. */
  headersMs: number;
  answer?: CapturedAnswer;
  /** The whole body text (errors and JSON bodies). */
  text: string;
}

export class Capture {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly chunks: RawChunk[] = [];
  private readonly parser: EventSourceParser | undefined;
  private readonly sse: boolean;
  private lastAt = 0;
  private endMs = 0;
  private eventCount = 0;

  constructor(
    private readonly status: number,
    private readonly headers: IncomingHttpHeaders,
    private readonly headersMs: number,
    private readonly collector: AnswerCollector | undefined,
  ) {
    this.sse = /^text\/event-stream/i.test(String(headers['content-type'] ?? ''));
    // Only successful streams are read event by event; error bodies are read whole at the end.
    if (this.sse && status < 300 && collector) {
      this.parser = createParser({
        onEvent: (e) => {
          this.eventCount++;
          collector.event(e.data, e.event, this.lastAt);
        },
      });
    }
  }

  /** How many stream events (SSE frames) arrived so far. */
  frames(): number {
    return this.eventCount;
  }

  /** A chunk as it arrives, `atMs` after the request started. */
  chunk(bytes: Buffer, atMs: number): void {
    const data = this.decoder.decode(bytes, { stream: true });
    this.lastAt = Math.max(0, Math.round(atMs));
    if (data !== '') this.chunks.push({ at_ms: this.lastAt, data });
    this.parser?.feed(data);
  }

  /** The response is over (or, for a partial recording, the client went away). */
  finish(atMs: number): CapturedResponse {
    const tail = this.decoder.decode();
    if (tail !== '') {
      this.chunks.push({ at_ms: this.lastAt, data: tail });
      this.parser?.feed(tail);
    }
    this.endMs = Math.max(this.lastAt, Math.round(atMs));
    const text = this.chunks.map((c) => c.data).join('');
    if (!this.parser && this.status < 300 && this.collector) this.collector.body(text, this.chunks.map((c) => c.at_ms));
    return {
      status: this.status,
      headers: this.headers,
      sse: this.sse,
      chunks: this.chunks,
      endMs: this.endMs,
      headersMs: Math.round(this.headersMs),
      answer: this.status < 300 ? this.collector?.result() : undefined,
      text,
    };
  }
}
