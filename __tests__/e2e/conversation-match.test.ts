/**
 * Matching on the conversation's shape and on any body field, through the official SDK: a tool
 * loop ("call the tool, then answer from its result") without a global `sequence`, and
 * `body_jsonpath` on `response_format` / `tool_choice`. Bad paths fail at load with the line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { loadFixturesFromText } from '../../src/fixture-set/load.js';
import { FixtureLoadError } from '../../src/fixture-set/types.js';
import { startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({
    'loop.yaml': `fixtures:
  # After the tool result: answer from it (listed first; it only matches a trailing tool result).
  - match: { last_message_role: tool, tool_result_contains: "18C" }
    response: { content: "It is 18C in Paris." }
  - match: { last_message_role: tool, tool_call_id: { equals: call_other } }
    response: { content: "That was the other call." }
  - match: { user_message: "weather in Paris?", last_message_role: user }
    response:
      tool_calls: [{ name: get_weather, arguments: { city: Paris } }]
  - match: { user_message: "count", message_count: { min: 3 } }
    response: { content: "a long conversation" }
  - match: { user_message: "count", turn_index: 0 }
    response: { content: "first turn" }
  - match:
      user_message: "format"
      body_jsonpath: { "$.response_format.type": { equals: json_object } }
    response: { content: '{"ok": true}' }
  - match:
      user_message: "format"
      body_jsonpath: { "$.tool_choice": required, "$.tools[*].function.name": { equals: lookup } }
    response: { tool_calls: [{ name: lookup, arguments: {} }] }
  - match: { user_message: "format" }
    response: { content: "plain" }
`,
  });
});
afterAll(() => h.close());

const model = 'gpt-4o';

describe('a tool loop matched by the conversation', () => {
  it('the question gets the tool call; the tool result gets the answer', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'weather in Paris?' }];
    const first = await h.client.chat.completions.create({ model, messages });
    const call = first.choices[0].message.tool_calls![0];
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"temp":"18C"}' });
    const second = await h.client.chat.completions.create({ model, messages });
    expect(second.choices[0].message.content).toBe('It is 18C in Paris.');
  });

  it('tool_call_id picks the result of a given call', async () => {
    const res = await h.client.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_other', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_other', content: 'no temperature here' },
      ],
    });
    expect(res.choices[0].message.content).toBe('That was the other call.');
  });

  it('message_count and turn_index tell a first turn from a long conversation', async () => {
    const first = await h.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'count' }] });
    expect(first.choices[0].message.content).toBe('first turn');
    const later = await h.client.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'count' },
      ],
    });
    expect(later.choices[0].message.content).toBe('a long conversation');
  });
});

describe('body_jsonpath', () => {
  it('matches response_format.type', async () => {
    const res = await h.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'format' }], response_format: { type: 'json_object' } });
    expect(res.choices[0].message.content).toBe('{"ok": true}');
  });

  it('matches tool_choice and any of the declared tool names; every path must match', async () => {
    const tools = [
      { type: 'function' as const, function: { name: 'search', parameters: {} } },
      { type: 'function' as const, function: { name: 'lookup', parameters: {} } },
    ];
    const required = await h.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'format' }], tools, tool_choice: 'required' });
    expect(required.choices[0].message.tool_calls?.map((c) => c.type === 'function' && c.function.name)).toEqual(['lookup']);
    const auto = await h.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'format' }], tools, tool_choice: 'auto' });
    expect(auto.choices[0].message.content).toBe('plain');
  });

  it('a field the request does not have is no match', async () => {
    const res = await h.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'format' }] });
    expect(res.choices[0].message.content).toBe('plain');
  });

  it('a path that does not start with $ fails at load, naming the line', () => {
    let caught: unknown;
    try {
      loadFixturesFromText('fixtures:\n  - match:\n      body_jsonpath: { "response_format.type": json }\n    response: { content: a }\n', 'bad.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FixtureLoadError);
    expect((caught as FixtureLoadError).problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('must start with $') })]);
  });
});
