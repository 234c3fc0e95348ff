/**
 * Streamed Messages: `event:` + `data:` frames in the API's order:
 * `message_start` (empty content, input usage), then per content block `content_block_start`,
 * its `content_block_delta`s (`text_delta`, `thinking_delta` then one `signature_delta`,
 * `input_json_delta` pieces for a tool call) and `content_block_stop`; one `ping` right after
 * the first block opens; then `message_delta` (stop_reason, output usage) and `message_stop`.
 * No `[DONE]`. Every frame counts for `truncate_after_frames`, the ping included.
 */
import type { ResponseMeta } from '../../canonical/answer.js';
import type { StreamPart } from '../../canonical/stream-parts.js';
import { eventList, type EventList, type EventRun } from '../../stream/event-list.js';
import type { WireEvent } from '../../stream/framing.js';
import { anthropicUsage, stopSequence, thinkingSignature } from './blocks.js';
import type { AnthropicWire } from './decode-request.js';
import { anthropicStopReason } from './finish-reason.js';

const PING: WireEvent = { event: 'ping', data: '{"type":"ping"}' };
const MESSAGE_STOP: WireEvent = { event: 'message_stop', data: '{"type":"message_stop"}' };

/** `message_start` reports the output counted so far: the API sends a token or so. */
const START_OUTPUT_TOKENS = 1;

export function encodeMessagesStream(parts: StreamPart[], meta: ResponseMeta, wire: AnthropicWire): EventList {
  const finish = parts.find((p) => p.type === 'finish');
  const usage = finish?.usage ?? { inputTokens: 0, outputTokens: 0 };
  const runs: EventRun[] = [
    {
      event: 'message_start',
      data: JSON.stringify({
        type: 'message_start',
        message: { id: meta.id, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(usage, START_OUTPUT_TOKENS) },
      }),
    },
  ];
  let pinged = false;
  const open = (index: number, block: unknown) => {
    runs.push({ event: 'content_block_start', data: JSON.stringify({ type: 'content_block_start', index, content_block: block }) });
    if (!pinged) runs.push(PING);
    pinged = true;
  };
  const close = (index: number) => runs.push({ event: 'content_block_stop', data: `{"type":"content_block_stop","index":${index}}` });
  // Deltas are serialised when written, by one function per block (see event-list.ts).
  const deltas = (index: number, type: string, field: string) => {
    const head = `{"type":"content_block_delta","index":${index},"delta":{"type":"${type}","${field}":`;
    return (piece: string) => `${head}${JSON.stringify(piece)}}}`;
  };

  for (const p of parts) {
    switch (p.type) {
      case 'text':
      case 'refusal':
        // A refusal is its reason as text; `stop_reason: refusal` says what it is.
        open(p.part, { type: 'text', text: '' });
        runs.push({ event: 'content_block_delta', chunks: p.chunks, encode: deltas(p.part, 'text_delta', 'text') });
        close(p.part);
        break;
      case 'thinking': {
        open(p.part, { type: 'thinking', thinking: '' });
        runs.push({ event: 'content_block_delta', chunks: p.chunks, encode: deltas(p.part, 'thinking_delta', 'thinking') });
        // The signature covers the whole thinking text: it can only come once that is out.
        let text = '';
        for (let k = 0; k < p.chunks.count; k++) text += p.chunks.get(k);
        runs.push({ event: 'content_block_delta', data: deltas(p.part, 'signature_delta', 'signature')(thinkingSignature(text)) });
        close(p.part);
        break;
      }
      case 'tool-call':
        open(p.part, { type: 'tool_use', id: p.id, name: p.name, input: {} });
        runs.push({ event: 'content_block_delta', chunks: p.arguments, encode: deltas(p.part, 'input_json_delta', 'partial_json') });
        close(p.part);
        break;
      case 'finish': {
        if (!pinged) runs.push(PING);
        pinged = true;
        const stopReason = anthropicStopReason(p.finish);
        runs.push({
          event: 'message_delta',
          data: JSON.stringify({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence(stopReason, wire) }, usage: { output_tokens: p.usage.outputTokens } }),
        });
        break;
      }
      default: {
        const never: never = p;
        throw new Error(`unknown stream part ${JSON.stringify(never)}`);
      }
    }
  }
  runs.push(MESSAGE_STOP);
  return eventList(runs);
}
