/** POST /v1/chat/completions bodies -> the neutral ChatRequest, and every 400 the decoder sends. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../../src/canonical/request.js';
import { openAiChatCodec } from '../../../../src/providers/openai-chat/codec.js';
import { decodeChatRequest, messageText } from '../../../../src/providers/openai-chat/decode-request.js';

const headers = { authorization: 'Bearer sk-test', 'x-custom': 'yes' };
const ctx = { headers, params: {}, query: new URLSearchParams() };
const user = (content: unknown) => ({ role: 'user', content });

function ok(body: unknown) {
  const r = decodeChatRequest(body, ctx);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.status} ${r.error.message}`);
  expect(r.decoded.request.op).toBe('chat');
  return { request: r.decoded.request as ChatRequest, wire: r.decoded.wire };
}

describe('decodeChatRequest: valid requests', () => {
  it('a minimal request', () => {
    const body = { model: 'gpt-4o', messages: [user('  Hello there \n')] };
    const { request, wire } = ok(body);
    expect(request).toEqual({
      op: 'chat',
      provider: 'openai',
      model: 'gpt-4o',
      stream: false,
      temperature: undefined,
      metadata: {},
      messages: [{ role: 'user', text: '  Hello there \n' }],
      userMessage: 'Hello there',
      systemPrompt: '',
      toolNames: [],
      headers,
      body,
    });
    // The raw body and the headers are kept as given (templates read the body), not copied.
    expect(request.body).toBe(body);
    expect(request.headers).toBe(headers);
    expect(wire).toEqual({ includeUsage: false, serviceTier: 'default', n: 1 });
  });

  it('the codec decodes with the same function', () => {
    expect(openAiChatCodec.decode).toBe(decodeChatRequest);
    expect(openAiChatCodec.provider).toBe('openai');
    expect(openAiChatCodec.ids).toEqual({ response: 'chatcmpl-', toolCall: 'call_' });
  });

  it('stream_options.include_usage goes to `wire`, never into the neutral request', () => {
    const { request, wire } = ok({ model: 'm', messages: [user('hi')], stream: true, stream_options: { include_usage: true } });
    expect(wire).toEqual({ includeUsage: true, serviceTier: 'default', n: 1 });
    expect(request.stream).toBe(true);
    expect(Object.keys(request).sort()).toEqual(
      ['body', 'headers', 'maxOutputTokens', 'messages', 'metadata', 'model', 'op', 'provider', 'reasoningEffort', 'stream', 'systemPrompt', 'temperature', 'toolNames', 'userMessage'].sort(),
    );
  });

  it.each([
    ['include_usage false', { stream: true, stream_options: { include_usage: false } }, false],
    ['include_usage "true" (a string)', { stream: true, stream_options: { include_usage: 'true' } }, false],
    ['stream_options null', { stream: true, stream_options: null }, false],
    ['stream_options {}', { stream: true, stream_options: {} }, false],
    ['stream true, include_usage true', { stream: true, stream_options: { include_usage: true } }, true],
  ])('includeUsage with %s is %s', (_label, extra, expected) => {
    expect(ok({ model: 'm', messages: [user('hi')], ...extra }).wire.includeUsage).toBe(expected);
  });

  it('stream: null is a non-streaming request', () => {
    expect(ok({ model: 'm', messages: [user('hi')], stream: null }).request.stream).toBe(false);
  });

  it('temperature 0 is kept; null means unset', () => {
    expect(ok({ model: 'm', messages: [user('hi')], temperature: 0 }).request.temperature).toBe(0);
    expect(ok({ model: 'm', messages: [user('hi')], temperature: 1.5 }).request.temperature).toBe(1.5);
    expect(ok({ model: 'm', messages: [user('hi')], temperature: null }).request.temperature).toBeUndefined();
  });

  it('metadata keeps scalars as strings, drops the rest, and has no prototype', () => {
    const { metadata } = ok({ model: 'm', messages: [user('hi')], metadata: { a: 'x', n: 42, b: false, o: { z: 1 }, l: [1], nul: null } }).request;
    expect({ ...metadata }).toEqual({ a: 'x', n: '42', b: 'false' });
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(metadata.constructor).toBeUndefined();
    expect(metadata.toString).toBeUndefined();
  });

  it('the latest user turn is the one matched; system and developer messages join in order', () => {
    const { request } = ok({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        user('first question'),
        { role: 'assistant', content: 'an answer' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        user(' second question '),
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"ok":true}' },
      ],
    });
    expect(request.userMessage).toBe('second question');
    expect(request.systemPrompt).toBe('Be brief.\nUse metric units.');
    expect(request.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'first question' },
      { role: 'assistant', text: 'an answer' },
      { role: 'developer', text: 'Use metric units.' },
      { role: 'user', text: ' second question ' },
      { role: 'assistant', text: '' },
      { role: 'tool', text: '{"ok":true}', toolCallId: 'call_1' },
    ]);
  });

  it('a conversation with no user turn decodes with an empty userMessage', () => {
    const { request } = ok({ model: 'm', messages: [{ role: 'system', content: 'only a system prompt' }] });
    expect([request.userMessage, request.systemPrompt]).toEqual(['', 'only a system prompt']);
  });

  it('content arrays: text parts joined by newline, other parts and junk skipped', () => {
    const { request } = ok({
      model: 'm',
      messages: [
        user([
          { type: 'text', text: 'What is in' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          'not a part',
          null,
          { type: 'text', text: 7 },
          { type: 'text', text: 'this picture?' },
        ]),
      ],
    });
    expect(request.messages).toEqual([{ role: 'user', text: 'What is in\nthis picture?' }]);
    expect(request.userMessage).toBe('What is in\nthis picture?');
  });

  it('tools and legacy functions give the declared names; tool_choice is left in the body', () => {
    const body = {
      model: 'm',
      messages: [user('weather?')],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        { type: 'function', function: { description: 'no name' } },
        { type: 'function' },
        'junk',
        { type: 'function', function: { name: 'get_time' } },
      ],
      functions: [{ name: 'legacy_fn' }, { description: 'nameless' }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    };
    const { request } = ok(body);
    expect(request.toolNames).toEqual(['get_weather', 'get_time', 'legacy_fn']);
    expect((request.body as typeof body).tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
  });

  it('tools that are not arrays are ignored', () => {
    expect(ok({ model: 'm', messages: [user('hi')], tools: { name: 'x' }, functions: 'f' }).request.toolNames).toEqual([]);
  });
});

describe('messageText', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['plain', 'plain'],
    [[], ''],
    [[{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], 'a\nb'],
    [5, null],
    [{ type: 'text', text: 'a' }, null],
    [true, null],
  ])('%j -> %j', (content, expected) => {
    expect(messageText(content)).toBe(expected);
  });
});

describe('decodeChatRequest: validation errors (status 400, OpenAI message, param)', () => {
  const m = [user('hi')];
  it.each<[string, unknown, string, string | null]>([
    ['body null', null, 'The request body must be a JSON object.', null],
    ['body an array', [{ model: 'm' }], 'The request body must be a JSON object.', null],
    ['body a string', 'hello', 'The request body must be a JSON object.', null],
    ['model missing', { messages: m }, 'you must provide a model parameter', 'model'],
    ['model empty', { model: '', messages: m }, 'you must provide a model parameter', 'model'],
    ['model a number', { model: 4, messages: m }, 'you must provide a model parameter', 'model'],
    ['stream a string', { model: 'x', messages: m, stream: 'true' }, "Invalid type for 'stream': expected a boolean, but got a string instead.", 'stream'],
    ['stream a number', { model: 'x', messages: m, stream: 1 }, "Invalid type for 'stream': expected a boolean, but got a number instead.", 'stream'],
    ['stream an object', { model: 'x', messages: m, stream: {} }, "Invalid type for 'stream': expected a boolean, but got an object instead.", 'stream'],
    ['stream_options a string', { model: 'x', messages: m, stream_options: 'usage' }, "Invalid type for 'stream_options': expected an object, but got a string instead.", 'stream_options'],
    ['stream_options an array', { model: 'x', messages: m, stream_options: [] }, "Invalid type for 'stream_options': expected an object, but got an array instead.", 'stream_options'],
    ['temperature a string', { model: 'x', messages: m, temperature: '0.2' }, "Invalid type for 'temperature': expected a number, but got a string instead.", 'temperature'],
    ['temperature a boolean', { model: 'x', messages: m, temperature: true }, "Invalid type for 'temperature': expected a number, but got a boolean instead.", 'temperature'],
    ['metadata an array', { model: 'x', messages: m, metadata: ['a'] }, "Invalid type for 'metadata': expected an object, but got an array instead.", 'metadata'],
    ['metadata a string', { model: 'x', messages: m, metadata: 'a=b' }, "Invalid type for 'metadata': expected an object, but got a string instead.", 'metadata'],
    ['messages missing', { model: 'x' }, "Missing required parameter: 'messages'.", 'messages'],
    ['messages empty', { model: 'x', messages: [] }, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages'],
    ['stream_options without stream', { model: 'x', messages: m, stream_options: { include_usage: true } }, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options'],
    ['stream_options with stream false', { model: 'x', messages: m, stream: false, stream_options: {} }, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options'],
    ['messages a string', { model: 'x', messages: 'hi' }, "Invalid 'messages': expected a non-empty array, but got a string.", 'messages'],
    ['messages null', { model: 'x', messages: null }, "Invalid 'messages': expected a non-empty array, but got null.", 'messages'],
    ['messages an object', { model: 'x', messages: { role: 'user' } }, "Invalid 'messages': expected a non-empty array, but got an object.", 'messages'],
    ['a message not an object', { model: 'x', messages: [user('a'), 'b'] }, "Invalid 'messages[1]': expected an object with a string 'role'.", 'messages[1]'],
    ['a message without role', { model: 'x', messages: [{ content: 'a' }] }, "Invalid 'messages[0]': expected an object with a string 'role'.", 'messages[0]'],
    ['a message with a numeric role', { model: 'x', messages: [user('a'), user('b'), { role: 1, content: 'c' }] }, "Invalid 'messages[2]': expected an object with a string 'role'.", 'messages[2]'],
    ['content a number', { model: 'x', messages: [user(42)] }, "Invalid 'messages[0].content': expected a string or an array of content parts.", 'messages[0].content'],
    ['content an object', { model: 'x', messages: [{ role: 'system', content: 's' }, user({ text: 'a' })] }, "Invalid 'messages[1].content': expected a string or an array of content parts.", 'messages[1].content'],
    ['latest user turn blank', { model: 'x', messages: [user('real question'), user(' \n\t ')] }, 'The latest user message is empty: send some text to match fixtures against.', 'messages'],
    ['latest user turn has no text parts', { model: 'x', messages: [user([{ type: 'image_url', image_url: { url: 'u' } }])] }, 'The latest user message is empty: send some text to match fixtures against.', 'messages'],
  ])('%s', (_label, body, message, param) => {
    expect(decodeChatRequest(body, ctx)).toEqual({ ok: false, error: { status: 400, message, param } });
  });

  it('checks the common fields before the messages', () => {
    expect(decodeChatRequest({ stream: 'x' }, ctx)).toEqual({ ok: false, error: { status: 400, message: 'you must provide a model parameter', param: 'model' } });
    const r = decodeChatRequest({ model: 'x', stream: 'x' }, ctx);
    expect(r.ok ? null : r.error.param).toBe('stream');
  });

  it('reports the first bad message, not a later one', () => {
    const r = decodeChatRequest({ model: 'x', messages: [user(1), { content: 'no role' }] }, ctx);
    expect(r.ok ? null : r.error.param).toBe('messages[0].content');
  });
});

describe('output limits and reasoning effort, read into the neutral request', () => {
  it.each([
    [{ max_completion_tokens: 50, max_tokens: 10 }, 50, undefined],
    [{ max_tokens: 10 }, 10, undefined],
    [{ max_tokens: 0 }, undefined, undefined],
    [{ max_tokens: '10' }, undefined, undefined],
    [{ reasoning_effort: 'high' }, undefined, 'high'],
  ])('%p -> maxOutputTokens %p, reasoningEffort %p', (extra, max, effort) => {
    const { request } = ok({ model: 'm', messages: [user('hi')], ...extra });
    expect(request.maxOutputTokens).toBe(max);
    expect(request.reasoningEffort).toBe(effort);
  });
});
