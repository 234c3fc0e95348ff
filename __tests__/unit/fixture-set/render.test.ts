/** A matched response spec -> neutral answer; specs come from fixtures loaded from YAML. */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import { loadFixturesFromText } from '../../../src/fixture-set/load.js';
import { promptTokens, renderAnswer, renderRefusal } from '../../../src/fixture-set/render.js';
import type { ResponseSpec } from '../../../src/fixture-set/types.js';

const chat = (over: Parameters<typeof chatRequest>[1] = {}) => chatRequest('hi', { body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, ...over });

/** The response spec of a one-fixture YAML file, given the `response:` mapping as flow YAML. */
function spec(responseYaml: string): ResponseSpec {
  const [f] = loadFixturesFromText(`fixtures:\n  - response: ${responseYaml}\n`, 'r.yaml').fixtures;
  const o = f.outcomes[0];
  if (o.kind !== 'response') throw new Error('expected a response outcome');
  return o.response;
}

const ids = (i: number) => `call_${i}`;

describe('promptTokens', () => {
  it('counts each message\'s role and text plus 3 per message and 3 to prime the reply', () => {
    // 'user' and 'hi' are one token each: 3 + (3 + 1 + 1).
    expect(promptTokens(chat())).toBe(8);
    // 'system' 1 + 'be nice' 2, then 'user' 1 + 'hi there' 2: 3 + 6 + 6.
    expect(promptTokens(chat({ messages: [{ role: 'system', text: 'be nice' }, { role: 'user', text: 'hi there' }] }))).toBe(15);
    expect(promptTokens(chat({ messages: [] }))).toBe(3);
    // A message with no text still costs its overhead and role.
    expect(promptTokens(chat({ messages: [{ role: 'user', text: '' }] }))).toBe(7);
  });
});

describe('renderAnswer', () => {
  it('content: one text part, finish stop, token usage', () => {
    expect(renderAnswer(spec('{ content: "hello" }'), chat(), ids)).toEqual({
      parts: [{ type: 'text', text: 'hello' }],
      finish: { reason: 'stop' },
      usage: { inputTokens: 8, outputTokens: 1 },
    });
  });

  it('content_template renders from the request: user message, model, provider and raw body', () => {
    const s = spec('{ content_template: "You said {{ user_message }} to {{ model }} via {{ provider }}; first role {{ request.messages[0].role }}" }');
    const req = chat({ userMessage: 'hi there', model: 'm-1', provider: 'anthropic', body: { messages: [{ role: 'system' }] } });
    const a = renderAnswer(s, req, ids);
    expect(a.parts).toEqual([{ type: 'text', text: 'You said hi there to m-1 via anthropic; first role system' }]);
    expect(a.finish).toEqual({ reason: 'stop' });
  });

  it('a template rendering to nothing still gives one (empty) text part', () => {
    const a = renderAnswer(spec('{ content_template: "{{ request.missing }}" }'), chat(), ids);
    expect(a.parts).toEqual([{ type: 'text', text: '' }]);
    expect(a.usage.outputTokens).toBe(0);
  });

  it('tool calls: no text part, ids from the caller by index, arguments as JSON, finish tool_calls', () => {
    const a = renderAnswer(spec('{ tool_calls: [{ name: lookup, arguments: { city: Paris } }, { name: now }] }'), chat(), (i) => `id-${i * 10}`);
    expect(a).toEqual({
      parts: [
        { type: 'tool_call', id: 'id-0', name: 'lookup', argumentsJson: '{"city":"Paris"}' },
        { type: 'tool_call', id: 'id-10', name: 'now', argumentsJson: '{}' },
      ],
      finish: { reason: 'tool_calls' },
      // lookup 1 + {"city":"Paris"} 5, now 1 + {} 1.
      usage: { inputTokens: 8, outputTokens: 8 },
    });
  });

  it('arguments keep nested YAML values and their key order', () => {
    const a = renderAnswer(spec('{ tool_calls: [{ name: f, arguments: { b: [1, "two", null], a: { x: true } } }] }'), chat(), ids);
    expect(a.parts).toEqual([{ type: 'tool_call', id: 'call_0', name: 'f', argumentsJson: '{"b":[1,"two",null],"a":{"x":true}}' }]);
  });

  it('a written finish reason wins over the derived one', () => {
    expect(renderAnswer(spec('{ content: "cut", finish_reason: length }'), chat(), ids).finish).toEqual({ reason: 'length', written: { openai: 'length' } });
    expect(renderAnswer(spec('{ tool_calls: [{ name: f }], stop_reason: end_turn }'), chat(), ids).finish).toEqual({ reason: 'stop', written: { anthropic: 'end_turn' } });
  });

  it('thinking: a thinking part before the text, counted as output', () => {
    const a = renderAnswer(spec('{ thinking: "Let me see.", content: "hello" }'), chat(), ids);
    expect(a.parts).toEqual([
      { type: 'thinking', text: 'Let me see.' },
      { type: 'text', text: 'hello' },
    ]);
    expect(a.usage.outputTokens).toBe(renderAnswer(spec('{ content: "Let me see." }'), chat(), ids).usage.outputTokens + 1);
  });

  it('does not call the id function when there are no tool calls', () => {
    const calls: number[] = [];
    renderAnswer(spec('{ content: "x" }'), chat(), (i) => {
      calls.push(i);
      return 'x';
    });
    expect(calls).toEqual([]);
  });

  it('an embedding-only spec rendered for chat is an empty text answer', () => {
    expect(renderAnswer(spec('{ embedding: [0.1] }'), chat(), ids)).toEqual({ parts: [{ type: 'text', text: '' }], finish: { reason: 'stop' }, usage: { inputTokens: 8, outputTokens: 0 } });
  });
});

describe('renderRefusal', () => {
  it('one refusal part with the reason, finish refusal, tokens of the reason', () => {
    expect(renderRefusal('I cannot help', chat())).toEqual({
      parts: [{ type: 'refusal', text: 'I cannot help' }],
      finish: { reason: 'refusal' },
      usage: { inputTokens: 8, outputTokens: 3 },
    });
  });
});
