/** POST /v1/messages bodies -> the neutral ChatRequest, and every 400. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../../src/canonical/request.js';
import { decodeMessagesRequest } from '../../../../src/providers/anthropic/decode-request.js';

const ctx = { headers: { 'x-test': 'yes' } };
const base = { model: 'claude-sonnet-4-6', max_tokens: 64 };

function ok(body: Record<string, unknown>): { request: ChatRequest; wire: { stopSequence: string | null } } {
  const r = decodeMessagesRequest({ ...base, ...body }, ctx);
  if (!r.ok) throw new Error(`unexpected 400: ${r.error.message}`);
  return r.decoded as { request: ChatRequest; wire: { stopSequence: string | null } };
}

function fails(body: unknown): string {
  const r = decodeMessagesRequest(body, ctx);
  if (r.ok) throw new Error('expected a 400');
  expect(r.error.status).toBe(400);
  return r.error.message;
}

describe('decodeMessagesRequest', () => {
  it('a one-turn string message', () => {
    const { request, wire } = ok({ messages: [{ role: 'user', content: '  hello  ' }] });
    expect(request).toMatchObject({ op: 'chat', provider: 'anthropic', model: 'claude-sonnet-4-6', userMessage: 'hello', systemPrompt: '', toolNames: [], stream: false });
    expect(request.messages).toEqual([{ role: 'user', text: '  hello  ' }]);
    expect(request.headers).toBe(ctx.headers);
    expect(request.temperature).toBeUndefined();
    expect(wire).toEqual({ stopSequence: null });
  });

  it('text blocks join by newline; images and other blocks carry no text', () => {
    const { request } = ok({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image', source: {} }, { type: 'text', text: 'b' }] }] });
    expect(request.userMessage).toBe('a\nb');
    expect(request.messages).toEqual([{ role: 'user', text: 'a\nb' }]);
  });

  it('system as a string or as text blocks; stream, temperature, metadata, tools, stop_sequences', () => {
    const a = ok({ system: 'Be brief.', messages: [{ role: 'user', content: 'x' }] });
    expect(a.request.systemPrompt).toBe('Be brief.');
    const b = ok({
      system: [
        { type: 'text', text: 'One.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Two.' },
      ],
      stream: true,
      temperature: 0.3,
      metadata: { user_id: 'u1', n: 3, flag: true, nested: { x: 1 } },
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
      stop_sequences: ['END', 'STOP'],
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(b.request.systemPrompt).toBe('One.\nTwo.');
    expect(b.request.stream).toBe(true);
    expect(b.request.temperature).toBe(0.3);
    expect({ ...b.request.metadata }).toEqual({ user_id: 'u1', n: '3', flag: 'true' });
    expect(b.request.metadata.constructor).toBeUndefined();
    expect(b.request.toolNames).toEqual(['get_weather', 'web_search']);
    expect(b.wire).toEqual({ stopSequence: 'END' });
  });

  it('tool results become tool messages (for last_message_role, tool_call_id, tool_result_contains); user_message falls back to the question', () => {
    const { request } = ok({
      messages: [
        { role: 'user', content: 'weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18 C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '9 C' }, { type: 'text', text: 'rain' }], is_error: false },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', text: 'weather in Paris and Oslo?' },
      { role: 'assistant', text: 'Checking.' },
      { role: 'tool', text: '18 C', toolCallId: 'toolu_1' },
      { role: 'tool', text: '9 C\nrain', toolCallId: 'toolu_2' },
    ]);
    expect(request.userMessage).toBe('weather in Paris and Oslo?');
  });

  it('the fallback skips earlier tool-result turns; a tool result with no content is empty text', () => {
    const { request } = ok({
      messages: [
        { role: 'user', content: 'plan a trip' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'a', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'b', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'done' }] },
      ],
    });
    expect(request.userMessage).toBe('plan a trip');
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(request.messages[2]).toEqual({ role: 'tool', text: '', toolCallId: 'toolu_1' });
  });

  it('tool results followed by text in the same turn: the text is the user message, after the results', () => {
    const { request } = ok({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'a', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' }, { type: 'text', text: 'now summarise' }] },
      ],
    });
    expect(request.userMessage).toBe('now summarise');
    expect(request.messages.slice(-2)).toEqual([
      { role: 'tool', text: 'r', toolCallId: 'toolu_1' },
      { role: 'user', text: 'now summarise' },
    ]);
  });

  it('the latest user turn counts even when an assistant prefill follows it; no user turn at all is an empty user message', () => {
    expect(ok({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Sure:' }] }).request.userMessage).toBe('hi');
    expect(ok({ messages: [{ role: 'assistant', content: 'hello' }] }).request.userMessage).toBe('');
    // Tool results with no question before them.
    expect(ok({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't' }] }] }).request.userMessage).toBe('');
  });

  it.each([
    ['a list body', [1], 'The request body must be a JSON object.'],
    ['null body', null, 'The request body must be a JSON object.'],
    ['no model', { max_tokens: 1, messages: [] }, 'model: Field required'],
    ['empty model', { ...base, model: '' }, 'model: Input should be a non-empty string'],
    ['no max_tokens', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens: Field required'],
    ['max_tokens null', { ...base, max_tokens: null }, 'max_tokens: Input should be a valid integer'],
    ['max_tokens negative', { ...base, max_tokens: -5 }, 'max_tokens: Input should be greater than or equal to 1'],
    ['max_tokens 2.5', { ...base, max_tokens: 2.5 }, 'max_tokens: Input should be a valid integer'],
    ['no messages', { ...base }, 'messages: Field required'],
    ['messages an object', { ...base, messages: {} }, 'messages: Input should be a valid list'],
    ['messages empty', { ...base, messages: [] }, 'messages: at least one message is required'],
    ['message null', { ...base, messages: [null] }, 'messages.0: Input should be a valid dictionary'],
    ['role system', { ...base, messages: [{ role: 'system', content: 'x' }] }, "system instructions go in the top-level 'system' field"],
    ['no role', { ...base, messages: [{ content: 'x' }] }, "messages.0.role: Input should be 'user' or 'assistant'"],
    ['no content', { ...base, messages: [{ role: 'user', content: 'a' }, { role: 'assistant' }] }, 'messages.1.content: Field required'],
    ['content an object', { ...base, messages: [{ role: 'user', content: { text: 'x' } }] }, 'messages.0.content: Input should be a valid string or a list of content blocks'],
    ['block a string', { ...base, messages: [{ role: 'user', content: ['x'] }] }, "messages.0.content.0: Input should be a content block object with a string 'type'"],
    ['text missing', { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text: Field required'],
    ['text a list', { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: ['x'] }] }] }, 'messages.0.content.0.text: Input should be a valid string'],
    ['tool_use_id missing', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] }, 'messages.0.content.0.tool_use_id: Field required'],
    ['tool_use_id a number', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 1 }] }] }, 'messages.0.content.0.tool_use_id: Input should be a valid string'],
    ['tool_result content an object', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: {} }] }] }, 'messages.0.content.0.content: Input should be a valid string or a list of content blocks'],
    ['tool_result in an assistant turn', { ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 't' }] }] }, 'tool_result blocks are only allowed in user messages'],
    ['stream a string', { ...base, stream: 'true', messages: [{ role: 'user', content: 'x' }] }, 'stream: Input should be a valid boolean'],
    ['temperature a string', { ...base, temperature: '0.5', messages: [{ role: 'user', content: 'x' }] }, 'temperature: Input should be a valid number'],
    ['metadata a string', { ...base, metadata: 'u1', messages: [{ role: 'user', content: 'x' }] }, 'metadata: Input should be a valid dictionary'],
    ['stop_sequences a string', { ...base, stop_sequences: 'END', messages: [{ role: 'user', content: 'x' }] }, 'stop_sequences: Input should be a valid list of strings'],
    ['system an object', { ...base, system: { text: 'x' }, messages: [{ role: 'user', content: 'x' }] }, 'system: Input should be a valid string or a list of text blocks'],
    ['system block without text', { ...base, system: [{ type: 'text' }], messages: [{ role: 'user', content: 'x' }] }, 'system.0: Input should be a text block'],
    ['tools a string', { ...base, tools: 'get_weather', messages: [{ role: 'user', content: 'x' }] }, 'tools: Input should be a valid list'],
    ['tool not an object', { ...base, tools: ['x'], messages: [{ role: 'user', content: 'x' }] }, 'tools.0: Input should be a valid dictionary'],
    ['tool name missing', { ...base, tools: [{}], messages: [{ role: 'user', content: 'x' }] }, 'tools.0.name: Field required'],
    ['tool name empty', { ...base, tools: [{ name: '' }], messages: [{ role: 'user', content: 'x' }] }, 'tools.0.name: Input should be a non-empty string'],
    ['blank latest user turn', { ...base, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yes' }, { role: 'user', content: ' \n ' }] }, 'The latest user message is empty'],
    ['empty block list as the latest turn', { ...base, messages: [{ role: 'user', content: [] }] }, 'The latest user message is empty'],
    ['image-only latest turn', { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: {} }] }] }, 'The latest user message is empty'],
  ])('400: %s', (_name, body, message) => {
    expect(fails(body)).toContain(message);
  });
});
