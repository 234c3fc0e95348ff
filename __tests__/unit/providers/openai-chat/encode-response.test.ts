/**
 * Non-streaming Chat Completions bodies against recorded traces (byte for byte), then parsed
 * and checked field by field against what the SDK's `ChatCompletion` type requires.
 */
import { describe, expect, it } from '@jest/globals';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Answer } from '../../../../src/canonical/answer.js';
import { openAiChatCodec } from '../../../../src/providers/openai-chat/codec.js';
import { encodeChatBody } from '../../../../src/providers/openai-chat/encode-response.js';
import type { OpenAiWire } from '../../../../src/providers/openai/decode-common.js';
import { CHAT_BODY_TRACES, CHAT_META, readTrace } from '../../../traces/answers.js';

const ctx = { headers: {}, params: {}, query: new URLSearchParams() };

function decoded() {
  const r = openAiChatCodec.decode({ model: CHAT_META.model, messages: [{ role: 'user', content: 'hi' }] }, ctx);
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.decoded;
}

const usage = { inputTokens: 3, outputTokens: 4 };
const DEFAULT_WIRE: OpenAiWire = { includeUsage: false, serviceTier: 'default', n: 1 };
const messageOf = (answer: Answer) => (JSON.parse(encodeChatBody(answer, CHAT_META, DEFAULT_WIRE)) as ChatCompletion).choices[0].message;

describe('Chat Completions body: recorded traces', () => {
  it.each(CHAT_BODY_TRACES.map((c) => [c.name, c] as const))('%s.json is the exact body', (_name, c) => {
    expect(openAiChatCodec.encodeBody(c.answer, CHAT_META, decoded())).toBe(readTrace('openai-chat', `${c.name}.json`));
  });

  it.each(CHAT_BODY_TRACES.map((c) => [c.name, c] as const))('%s.json has every field the SDK type requires, with the answer in it', (_name, c) => {
    const body = JSON.parse(readTrace('openai-chat', `${c.name}.json`)) as ChatCompletion;
    expect(Object.keys(body).sort()).toEqual(['choices', 'created', 'id', 'model', 'object', 'service_tier', 'system_fingerprint', 'usage']);
    expect([body.id, body.object, body.created, body.model]).toEqual([CHAT_META.id, 'chat.completion', CHAT_META.created, CHAT_META.model]);
    expect(body.choices).toHaveLength(1);
    const choice = body.choices[0];
    expect(Object.keys(choice).sort()).toEqual(['finish_reason', 'index', 'logprobs', 'message']);
    expect([choice.index, choice.logprobs, choice.finish_reason]).toEqual([0, null, c.expect.finishReason]);
    const m = choice.message;
    expect(m.role).toBe('assistant');
    // `content` and `refusal` are required (nullable) in ChatCompletionMessage: present even when null.
    expect(Object.hasOwn(m, 'content') && Object.hasOwn(m, 'refusal')).toBe(true);
    expect(m.content).toBe(c.expect.content);
    expect(m.refusal).toBe(c.expect.refusal);
    if (c.expect.toolCalls.length === 0) expect(Object.hasOwn(m, 'tool_calls')).toBe(false);
    const calls = (m.tool_calls ?? []).map((t) => (t.type === 'function' ? { id: t.id, name: t.function.name, arguments: t.function.arguments } : t));
    expect(calls).toEqual(c.expect.toolCalls);
    expect(body.usage).toEqual(c.expect.usage);
  });
});

describe('encodeChatBody', () => {
  it('joins text parts with nothing between them and concatenates refusal parts', () => {
    const m = messageOf({
      parts: [
        { type: 'text', text: 'ab' },
        { type: 'refusal', text: 'no, ' },
        { type: 'text', text: 'cd' },
        { type: 'refusal', text: 'sorry' },
      ],
      finish: { reason: 'stop' },
      usage,
    });
    expect([m.content, m.refusal]).toEqual(['abcd', 'no, sorry']);
  });

  it('thinking is not sent: a thinking-only answer has content null', () => {
    const body = encodeChatBody({ parts: [{ type: 'thinking', text: 'pondering' }], finish: { reason: 'stop' }, usage }, CHAT_META, DEFAULT_WIRE);
    expect(body).not.toContain('pondering');
    expect(JSON.parse(body).choices[0].message).toEqual({ role: 'assistant', content: null, refusal: null });
  });

  it('an empty text part is content "" (not null)', () => {
    expect(messageOf({ parts: [{ type: 'text', text: '' }], finish: { reason: 'stop' }, usage }).content).toBe('');
  });

  it('arguments are sent as the fixture wrote them, not re-serialised', () => {
    const args = '{ "b": 1,  "a": [2] }';
    const m = messageOf({ parts: [{ type: 'tool_call', id: 'call_x', name: 'f', argumentsJson: args }], finish: { reason: 'tool_calls' }, usage });
    expect(m.tool_calls).toEqual([{ id: 'call_x', type: 'function', function: { name: 'f', arguments: args } }]);
  });

  it('finish reasons map to OpenAI words; a written openai word wins', () => {
    const finishOf = (finish: Answer['finish']) => (JSON.parse(encodeChatBody({ parts: [], finish, usage }, CHAT_META, DEFAULT_WIRE)) as ChatCompletion).choices[0].finish_reason;
    expect(finishOf({ reason: 'stop_sequence' })).toBe('stop');
    expect(finishOf({ reason: 'content_filter' })).toBe('content_filter');
    expect(finishOf({ reason: 'length', written: { openai: 'stop' } })).toBe('stop');
  });

  it('usage totals input and output tokens', () => {
    const body = JSON.parse(encodeChatBody({ parts: [], finish: { reason: 'stop' }, usage: { inputTokens: 1000, outputTokens: 1 } }, CHAT_META, DEFAULT_WIRE));
    expect(body.usage).toEqual({ prompt_tokens: 1000, completion_tokens: 1, total_tokens: 1001 });
  });
});

describe('service_tier and system_fingerprint', () => {
  const bodyOf = (extra: Record<string, unknown>, model = 'gpt-4o') => {
    const r = openAiChatCodec.decode({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }, { headers: {}, params: {}, query: new URLSearchParams() });
    if (!r.ok) throw new Error(r.error.message);
    return JSON.parse(openAiChatCodec.encodeBody({ parts: [{ type: 'text', text: 'x' }], finish: { reason: 'stop' }, usage }, { ...CHAT_META, model }, r.decoded)) as ChatCompletion;
  };

  it.each([
    [{}, 'default'],
    [{ service_tier: 'auto' }, 'default'],
    [{ service_tier: 'flex' }, 'flex'],
    [{ service_tier: 'priority' }, 'priority'],
    [{ service_tier: 42 }, 'default'],
  ])('a request with %j reports service_tier %s', (extra, tier) => {
    expect(bodyOf(extra).service_tier).toBe(tier);
  });

  it('the fingerprint is fp_ and 10 hex digits, the same for a model on every call, different across models', () => {
    const a = bodyOf({}, 'gpt-4o').system_fingerprint;
    expect(a).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(bodyOf({}, 'gpt-4o').system_fingerprint).toBe(a);
    expect(bodyOf({}, 'gpt-4o-mini').system_fingerprint).not.toBe(a);
  });
});

describe('encodeChatBody joins JSON pieces', () => {
  // The whole body as one JSON.stringify, the way it was built before the pieces were joined.
  const asOneObject = (answer: Answer, meta: typeof CHAT_META, wire: OpenAiWire) => {
    const refusal = answer.parts.filter((p) => p.type === 'refusal').map((p) => p.text);
    const calls = answer.parts.flatMap((p) => (p.type === 'tool_call' ? [{ id: p.id, type: 'function', function: { name: p.name, arguments: p.argumentsJson } }] : []));
    const texts = answer.parts.flatMap((p) => (p.type === 'text' ? [p.text] : []));
    const message: Record<string, unknown> = { role: 'assistant', content: texts.length ? texts.join('') : null, refusal: refusal.length ? refusal.join('') : null };
    if (calls.length) message.tool_calls = calls;
    const parsed = JSON.parse(encodeChatBody(answer, meta, wire));
    return JSON.stringify({
      id: meta.id, object: 'chat.completion', created: meta.created, model: meta.model,
      choices: Array.from({ length: wire.n }, (_, index) => ({ index, message, logprobs: null, finish_reason: parsed.choices[0].finish_reason })),
      usage: parsed.usage, service_tier: wire.serviceTier, system_fingerprint: parsed.system_fingerprint,
    });
  };

  it.each([
    ['plain text', { parts: [{ type: 'text', text: 'Hello "quoted" \\ back\nslash \u2028 and ✓' }], finish: { reason: 'stop' }, usage }],
    ['tool calls only', { parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }, { type: 'tool_call', id: 'call_2', name: 'x', argumentsJson: '{' }], finish: { reason: 'tool_calls' }, usage }],
    ['refusal', { parts: [{ type: 'refusal', text: 'no' }], finish: { reason: 'stop' }, usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 5 } }],
  ] as Array<[string, Answer]>)('%s: same bytes as one JSON.stringify, with n = 1 and n = 3', (_name, answer) => {
    for (const wire of [DEFAULT_WIRE, { ...DEFAULT_WIRE, n: 3, serviceTier: 'flex' }]) {
      const meta = { ...CHAT_META, model: 'odd "model"\\name' };
      expect(encodeChatBody(answer, meta, wire)).toBe(asOneObject(answer, meta, wire));
    }
  });
});
