/** POST /v1/responses bodies -> the neutral request, and every 400 in OpenAI's words. */
import { describe, expect, it } from '@jest/globals';
import type { ChatRequest } from '../../../../src/canonical/request.js';
import type { DecodeContext } from '../../../../src/providers/codec.js';
import { createResponsesCodec, responsesCodec } from '../../../../src/providers/openai-responses/codec.js';
import { BoundedResponseStore } from '../../../../src/providers/openai-responses/store.js';

const ctx: DecodeContext = { headers: { 'x-tenant': 'acme' }, params: {}, query: new URLSearchParams() };

function ok(body: unknown, c: DecodeContext = ctx) {
  const r = responsesCodec.decode(body, c);
  if (!r.ok) throw new Error(`expected success, got ${r.error.message}`);
  return { request: r.decoded.request as ChatRequest, wire: r.decoded.wire };
}

function bad(body: unknown) {
  const r = responsesCodec.decode(body, ctx);
  if (r.ok) throw new Error('expected a 400');
  return r.error;
}

describe('decode: what fixtures match on', () => {
  it('a string input is the user message; instructions are the system prompt', () => {
    const { request } = ok({ model: 'gpt-4o', input: '  hello there  ', instructions: 'Be terse.' });
    expect(request).toMatchObject({ op: 'chat', provider: 'responses', model: 'gpt-4o', userMessage: 'hello there', systemPrompt: 'Be terse.', stream: false });
    expect(request.messages).toEqual([
      { role: 'system', text: 'Be terse.' },
      { role: 'user', text: '  hello there  ' },
    ]);
    expect(request.headers['x-tenant']).toBe('acme');
  });

  it('an item list: the last user item (input_text parts joined by newline) is the user message', () => {
    const { request } = ok({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'first question' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an answer' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'second' }, { type: 'input_image', image_url: 'https://x/y.png' }, { type: 'input_text', text: 'question' }] },
      ],
    });
    expect(request.userMessage).toBe('second\nquestion');
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(request.messages[1].text).toBe('an answer');
  });

  it('system and developer items join the instructions in the system prompt', () => {
    const { request } = ok({ model: 'm', instructions: 'A', input: [{ role: 'developer', content: 'B' }, { role: 'system', content: [{ type: 'input_text', text: 'C' }] }, { role: 'user', content: 'hi' }] });
    expect(request.systemPrompt).toBe('A\nB\nC');
  });

  it('function_call_output items are tool results: role tool, call_id as tool_call_id, output as text', () => {
    const { request } = ok({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temp":"18C"}' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'sunny' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', text: 'weather in Paris?' },
      { role: 'assistant', text: '' },
      { role: 'tool', text: '{"temp":"18C"}', toolCallId: 'call_1' },
      { role: 'tool', text: 'sunny', toolCallId: 'call_2' },
    ]);
    // The user message is still the last user turn.
    expect(request.userMessage).toBe('weather in Paris?');
  });

  it('a tool result with no user item (previous_response_id chaining) has an empty user message', () => {
    const { request, wire } = ok({ model: 'gpt-4o', previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_1', output: 'ok' }] });
    expect(request.userMessage).toBe('');
    expect(wire.echo.previousResponseId).toBe('resp_1');
  });

  it('skips item types with nothing to match (reasoning, item_reference)', () => {
    const { request } = ok({ model: 'm', input: [{ type: 'reasoning', id: 'rs_1', summary: [] }, { type: 'item_reference', id: 'msg_1' }, { role: 'user', content: 'go' }] });
    expect(request.messages).toEqual([{ role: 'user', text: 'go' }]);
  });

  it('tool names come from the flat Responses tool shape', () => {
    const { request } = ok({ model: 'm', input: 'hi', tools: [{ type: 'function', name: 'get_weather', parameters: {} }, { type: 'web_search' }, { type: 'custom', name: 'grep' }] });
    expect(request.toolNames).toEqual(['get_weather', 'grep']);
  });

  it('metadata, temperature and stream reach the neutral request', () => {
    const { request, wire } = ok({ model: 'm', input: 'hi', stream: true, temperature: 0.2, metadata: { tenant: 'acme', n: 3 } });
    expect(request).toMatchObject({ stream: true, temperature: 0.2, metadata: { tenant: 'acme', n: '3' } });
    expect(wire.echo.temperature).toBe(0.2);
  });

  it('the response echoes the settings the request sent, or the API defaults', () => {
    const tools = [{ type: 'function', name: 'f' }];
    expect(ok({ model: 'm', input: 'hi', tools, tool_choice: 'required', top_p: 0.5, max_output_tokens: 64, parallel_tool_calls: false, user: 'u1', service_tier: 'flex' }).wire.echo).toMatchObject({
      tools,
      toolChoice: 'required',
      topP: 0.5,
      maxOutputTokens: 64,
      parallelToolCalls: false,
      user: 'u1',
      serviceTier: 'flex',
      store: true,
    });
    expect(ok({ model: 'm', input: 'hi' }).wire.echo).toMatchObject({ tools: [], toolChoice: 'auto', topP: 1, temperature: 1, maxOutputTokens: null, parallelToolCalls: true, user: null, serviceTier: 'default', instructions: null });
  });

  it('keeps to the server store unless store is false', () => {
    const store = new BoundedResponseStore();
    const withStore = { ...ctx, responses: store };
    expect(ok({ model: 'm', input: 'hi' }, withStore).wire.store).toBe(store);
    expect(ok({ model: 'm', input: 'hi', store: false }, withStore).wire.store).toBeUndefined();
    expect(ok({ model: 'm', input: 'hi' }).wire.store).toBeUndefined();
  });

  it('a codec built for another route takes its model and provider from there (Azure deployments)', () => {
    const azure = createResponsesCodec({ provider: 'azure', model: (_body, c) => c.params.deployment });
    const r = azure.decode({ input: 'hi' }, { ...ctx, params: { deployment: 'my-gpt4o' } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.decoded.request).toMatchObject({ provider: 'azure', model: 'my-gpt4o' });
  });
});

describe('decode: 400s', () => {
  it.each<[string, unknown, RegExp, string | null]>([
    ['a body that is not an object', [1, 2], /must be a JSON object/, null],
    ['no model', { input: 'hi' }, /must provide a model/, 'model'],
    ['a non-string model', { model: 5, input: 'hi' }, /must provide a model/, 'model'],
    ['no input', { model: 'm' }, /Missing required parameter: 'input'/, 'input'],
    ['a null input', { model: 'm', input: null }, /Missing required parameter: 'input'/, 'input'],
    ['a numeric input', { model: 'm', input: 42 }, /Invalid type for 'input': expected a string or an array of input items, but got a number/, 'input'],
    ['an object input', { model: 'm', input: { role: 'user' } }, /Invalid type for 'input'.*an object/, 'input'],
    ['an empty input list', { model: 'm', input: [] }, /empty array/, 'input'],
    ['a blank string input', { model: 'm', input: '   ' }, /latest user input is empty/, 'input'],
    ['a blank latest user item', { model: 'm', input: [{ role: 'user', content: 'hi' }, { role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] }, /latest user input is empty/, 'input'],
    ['an item that is not an object', { model: 'm', input: ['hi'] }, /Invalid 'input\[0\]': expected an object, but got a string/, 'input[0]'],
    ['an item without type or role', { model: 'm', input: [{ content: 'hi' }] }, /string 'type'/, 'input[0].type'],
    ['a numeric item type', { model: 'm', input: [{ type: 3 }] }, /string 'type'/, 'input[0].type'],
    ['an unknown role', { model: 'm', input: [{ role: 'robot', content: 'hi' }] }, /Invalid value for 'input\[0\]\.role'.*"robot"/, 'input[0].role'],
    ['a message without a role', { model: 'm', input: [{ type: 'message', content: 'hi' }] }, /input\[0\]\.role/, 'input[0].role'],
    ['numeric content', { model: 'm', input: [{ role: 'user', content: 7 }] }, /Invalid 'input\[0\]\.content'.*a number/, 'input[0].content'],
    ['a function_call without arguments', { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f' }] }, /input\[0\]\.arguments/, 'input[0].arguments'],
    ['a function_call with object arguments', { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }, /string 'arguments'/, 'input[0].arguments'],
    ['a function_call_output without call_id', { model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, /input\[0\]\.call_id/, 'input[0].call_id'],
    ['a function_call_output with an object output', { model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: { a: 1 } }] }, /Invalid 'input\[0\]\.output'/, 'input[0].output'],
    ['a string stream', { model: 'm', input: 'hi', stream: 'yes' }, /Invalid type for 'stream'/, 'stream'],
    ['a string temperature', { model: 'm', input: 'hi', temperature: 'hot' }, /Invalid type for 'temperature'/, 'temperature'],
    ['array metadata', { model: 'm', input: 'hi', metadata: [] }, /Invalid type for 'metadata'/, 'metadata'],
    ['numeric instructions', { model: 'm', input: 'hi', instructions: 1 }, /Invalid type for 'instructions': expected a string, but got a number/, 'instructions'],
    ['object tools', { model: 'm', input: 'hi', tools: {} }, /Invalid type for 'tools': expected an array/, 'tools'],
    ['a string store', { model: 'm', input: 'hi', store: 'no' }, /Invalid type for 'store': expected a boolean/, 'store'],
    ['a zero max_output_tokens', { model: 'm', input: 'hi', max_output_tokens: 0 }, /'max_output_tokens': expected an integer >= 1/, 'max_output_tokens'],
    ['a numeric tool_choice', { model: 'm', input: 'hi', tool_choice: 1 }, /'tool_choice': expected a string or an object/, 'tool_choice'],
    ['a string top_p', { model: 'm', input: 'hi', top_p: '1' }, /'top_p': expected a number/, 'top_p'],
    ['a string parallel_tool_calls', { model: 'm', input: 'hi', parallel_tool_calls: 'true' }, /'parallel_tool_calls': expected a boolean/, 'parallel_tool_calls'],
    ['a string reasoning', { model: 'm', input: 'hi', reasoning: 'high' }, /'reasoning': expected an object/, 'reasoning'],
    ['a string text', { model: 'm', input: 'hi', text: 'json' }, /'text': expected an object/, 'text'],
    ['a numeric previous_response_id', { model: 'm', input: 'hi', previous_response_id: 1 }, /'previous_response_id': expected a string/, 'previous_response_id'],
    ['a numeric user', { model: 'm', input: 'hi', user: 1 }, /'user': expected a string/, 'user'],
  ])('%s', (_name, body, message, param) => {
    const e = bad(body);
    expect(e.status).toBe(400);
    expect(e.message).toMatch(message);
    expect(e.param ?? null).toBe(param);
  });

  it('null optional fields are as good as absent', () => {
    expect(ok({ model: 'm', input: 'hi', instructions: null, tools: null, store: null, temperature: null, metadata: null }).request.userMessage).toBe('hi');
  });

  it('a 400 is encoded in OpenAI error shape', () => {
    const e = responsesCodec.encodeError(bad({ model: 'm' }));
    expect(e.status).toBe(400);
    expect(JSON.parse(e.body)).toEqual({ error: { message: "Missing required parameter: 'input'.", type: 'invalid_request_error', param: 'input', code: 'invalid_request' } });
  });
});
