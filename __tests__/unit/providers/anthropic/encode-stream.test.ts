/**
 * Streamed Messages against recorded traces (byte for byte), then the same bytes read by the
 * official `@anthropic-ai/sdk`: its SSE iterator (events, ping dropped, `event: error` raised) and
 * its `MessageStream` accumulator (the message `messages.stream().finalMessage()` returns).
 */
import { describe, expect, it } from '@jest/globals';
import { APIError } from '@anthropic-ai/sdk';
import type { Answer } from '../../../../src/canonical/answer.js';
import { toStreamParts } from '../../../../src/canonical/stream-parts.js';
import { anthropicCodec } from '../../../../src/providers/anthropic/codec.js';
import type { AnthropicWire } from '../../../../src/providers/anthropic/decode-request.js';
import type { Decoded } from '../../../../src/providers/codec.js';
import { sdkEvents, sdkFinalMessage } from '../../../helpers/anthropic-sdk.js';
import { parseSse } from '../../../helpers/server.js';
import { streamWireText } from '../../../helpers/wire.js';
import { CHUNK_SIZE, TEXT_ANSWER } from '../../../traces/answers.js';
import { MESSAGES_META, MESSAGES_TRACES, readAnthropicTrace } from '../../../traces/anthropic/answers.js';

const ctx = { headers: {}, params: {}, query: new URLSearchParams() };

function decoded(stopSequences?: string[]): Decoded<AnthropicWire> {
  const r = anthropicCodec.decode({ model: MESSAGES_META.model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], stream: true, ...(stopSequences ? { stop_sequences: stopSequences } : {}) }, ctx);
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.decoded;
}

function wire(answer: Answer, stopSequences?: string[], chunkSize = CHUNK_SIZE): string {
  const d = decoded(stopSequences);
  return streamWireText(anthropicCodec.encodeStream(toStreamParts(answer, chunkSize), MESSAGES_META, d), anthropicCodec.framing(d));
}

const withoutSignature = (blocks: Array<Record<string, unknown>>) => blocks.map(({ signature: _s, ...rest }) => rest);

describe('Messages stream: recorded traces', () => {
  it.each(MESSAGES_TRACES.map((c) => [c.name, c] as const))('%s.sse is the exact wire text', (_name, c) => {
    expect(anthropicCodec.framing(decoded())).toBe('sse');
    expect(wire(c.answer, c.stopSequences)).toBe(readAnthropicTrace(`${c.name}.sse`));
  });

  it.each(MESSAGES_TRACES.map((c) => [c.name, c] as const))('%s.sse: event order, one ping after the first block opens, names matching data types', (_name, c) => {
    const events = parseSse(readAnthropicTrace(`${c.name}.sse`));
    const names = events.map((e) => e.event);
    expect(events.map((e) => JSON.parse(e.data).type)).toEqual(names);
    expect(names[0]).toBe('message_start');
    expect(names[1]).toBe('content_block_start');
    expect(names[2]).toBe('ping');
    expect(names.filter((n) => n === 'ping')).toHaveLength(1);
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    // Blocks open and close in order, one at a time, indexed from 0.
    const blocks = events.filter((e) => e.event === 'content_block_start' || e.event === 'content_block_stop').map((e) => [e.event, JSON.parse(e.data).index]);
    expect(blocks).toEqual(c.expect.content.flatMap((_b, i) => [['content_block_start', i], ['content_block_stop', i]]));
  });

  it.each(MESSAGES_TRACES.map((c) => [c.name, c] as const))('%s.sse read by the SDK: events, then finalMessage() gives the answer back', async (_name, c) => {
    const text = readAnthropicTrace(`${c.name}.sse`);
    const { events, error } = await sdkEvents(text);
    expect(error).toBeUndefined();
    // Every frame but the ping, which the SDK drops.
    expect(events).toHaveLength(parseSse(text).length - 1);
    const final = await sdkFinalMessage(text);
    expect(final.id).toBe(MESSAGES_META.id);
    expect(final.model).toBe(MESSAGES_META.model);
    expect(final.role).toBe('assistant');
    expect(withoutSignature(final.content as unknown as Array<Record<string, unknown>>)).toEqual(c.expect.content);
    expect(final.stop_reason).toBe(c.expect.stopReason);
    expect(final.stop_sequence).toBe(c.expect.stopSequence);
    expect(final.usage.input_tokens).toBe(c.expect.usage.input_tokens);
    expect(final.usage.output_tokens).toBe(c.expect.usage.output_tokens);
  });

  it('a thinking block gets exactly one signature_delta, after its thinking and before it closes', async () => {
    const events = parseSse(readAnthropicTrace('thinking-text-tool.sse')).map((e) => JSON.parse(e.data));
    const sigAt = events.findIndex((e) => e.delta?.type === 'signature_delta');
    expect(events.filter((e) => e.delta?.type === 'signature_delta')).toHaveLength(1);
    expect(events[sigAt - 1].delta.type).toBe('thinking_delta');
    expect(events[sigAt + 1]).toEqual({ type: 'content_block_stop', index: 0 });
    const final = await sdkFinalMessage(readAnthropicTrace('thinking-text-tool.sse'));
    expect((final.content[0] as { signature: string }).signature).toBe(events[sigAt].delta.signature);
    // The body of the same answer carries the same signature.
    expect(JSON.parse(readAnthropicTrace('thinking-text-tool.json')).content[0].signature).toBe(events[sigAt].delta.signature);
  });
});

describe('Messages stream: edge cases', () => {
  it('chunks by code points: an emoji is never split', () => {
    const deltas = parseSse(wire(TEXT_ANSWER, undefined, 1))
      .map((e) => JSON.parse(e.data))
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => e.delta.text);
    expect(deltas.at(-1)).toBe('👋');
    expect(deltas.join('')).toBe(TEXT_ANSWER.parts[0].type === 'text' ? TEXT_ANSWER.parts[0].text : '');
  });

  it('an empty text still opens and closes its block; an answer with no parts still pings', () => {
    const empty: Answer = { parts: [{ type: 'text', text: '' }], finish: { reason: 'stop' }, usage: { inputTokens: 1, outputTokens: 0 } };
    expect(parseSse(wire(empty)).map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_stop', 'message_delta', 'message_stop']);
    const none: Answer = { parts: [], finish: { reason: 'stop' }, usage: { inputTokens: 1, outputTokens: 0 } };
    expect(parseSse(wire(none)).map((e) => e.event)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });

  it('a fixture\'s own stop_reason word is sent as written', () => {
    const paused: Answer = { parts: [{ type: 'text', text: 'x' }], finish: { reason: 'other', written: { anthropic: 'pause_turn' } }, usage: { inputTokens: 1, outputTokens: 1 } };
    const delta = parseSse(wire(paused)).map((e) => JSON.parse(e.data)).find((e) => e.type === 'message_delta');
    expect(delta.delta).toEqual({ stop_reason: 'pause_turn', stop_sequence: null });
  });

  it('stop_sequence is null when the request named none', () => {
    const answer = MESSAGES_TRACES.find((t) => t.name === 'stop-sequence')!.answer;
    const delta = parseSse(wire(answer)).map((e) => JSON.parse(e.data)).find((e) => e.type === 'message_delta');
    expect(delta.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: null });
  });
});

describe('Messages stream: mid-stream error', () => {
  it('is one `event: error` frame with an Anthropic error body', () => {
    const events = anthropicCodec.encodeStreamError({ status: 529, message: 'Overloaded' }, MESSAGES_META, decoded());
    expect(streamWireText(events, 'sse')).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
  });

  it('the SDK iterator yields the frames before it, then raises an APIError with its type', async () => {
    const head = readAnthropicTrace('text.sse').split('\n\n').slice(0, 4).join('\n\n') + '\n\n';
    const tail = streamWireText(anthropicCodec.encodeStreamError({ status: 529, message: 'Overloaded' }, MESSAGES_META, decoded()), 'sse');
    const { events, error } = await sdkEvents(head + tail);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect((error as APIError).message).toContain('Overloaded');
    await expect(sdkFinalMessage(head + tail)).rejects.toBeInstanceOf(APIError);
  });
});
