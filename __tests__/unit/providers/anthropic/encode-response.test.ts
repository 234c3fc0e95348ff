/** The non-streaming Messages body against recorded traces, then checked field by field. */
import { describe, expect, it } from '@jest/globals';
import type { Answer } from '../../../../src/canonical/answer.js';
import { anthropicCodec } from '../../../../src/providers/anthropic/codec.js';
import type { AnthropicWire } from '../../../../src/providers/anthropic/decode-request.js';
import type { Decoded } from '../../../../src/providers/codec.js';
import { MESSAGES_BODY_TRACES, MESSAGES_META, readAnthropicTrace } from '../../../traces/anthropic/answers.js';

const ctx = { headers: {}, params: {}, query: new URLSearchParams() };

function decoded(stopSequences?: string[]): Decoded<AnthropicWire> {
  const r = anthropicCodec.decode({ model: MESSAGES_META.model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...(stopSequences ? { stop_sequences: stopSequences } : {}) }, ctx);
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.decoded;
}

describe('Messages body: recorded traces', () => {
  it.each(MESSAGES_BODY_TRACES.map((c) => [c.name, c] as const))('%s.json is the exact body', (_name, c) => {
    expect(anthropicCodec.encodeBody(c.answer, MESSAGES_META, decoded(c.stopSequences))).toBe(readAnthropicTrace(`${c.name}.json`));
  });

  it.each(MESSAGES_BODY_TRACES.map((c) => [c.name, c] as const))('%s.json has the Message fields the SDK types declare', (_name, c) => {
    const body = JSON.parse(readAnthropicTrace(`${c.name}.json`));
    expect(body).toEqual({
      id: MESSAGES_META.id,
      type: 'message',
      role: 'assistant',
      model: MESSAGES_META.model,
      content: c.expect.content.map((b) => (b.type === 'thinking' ? { ...b, signature: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/) } : b)),
      stop_reason: c.expect.stopReason,
      stop_sequence: c.expect.stopSequence,
      usage: { ...c.expect.usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' },
    });
  });
});

describe('Messages body: edge cases', () => {
  it('tool arguments that are not JSON (malformed on purpose) are sent as a string input', () => {
    const answer: Answer = { parts: [{ type: 'tool_call', id: 'toolu_1', name: 'f', argumentsJson: '{"city": "Par' }], finish: { reason: 'tool_calls' }, usage: { inputTokens: 1, outputTokens: 1 } };
    expect(JSON.parse(anthropicCodec.encodeBody(answer, MESSAGES_META, decoded())).content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'f', input: '{"city": "Par' }]);
  });

  it('a written finish_reason with no neutral meaning is sent when no stop_reason was written', () => {
    const answer: Answer = { parts: [{ type: 'text', text: 'x' }], finish: { reason: 'other', written: { openai: 'eos' } }, usage: { inputTokens: 1, outputTokens: 1 } };
    expect(JSON.parse(anthropicCodec.encodeBody(answer, MESSAGES_META, decoded())).stop_reason).toBe('eos');
  });
});
