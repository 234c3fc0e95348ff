/** The OpenAI Responses surface (POST /v1/responses, GET /v1/responses/{id}) through the official `openai` SDK. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  # Before "weather": the request carrying the tool result still has "weather" as its user message.
  - match: { last_message_role: tool, tool_call_id: "call_abc", tool_result_contains: "18C" }
    response: { content: "It is 18C in Paris." }
  - match: { user_message: "hello" }
    response: { content: "Hi there! How can I help you today?" }
  - match: { user_message: "stream me" }
    response: { content: "One two three four five six seven eight nine ten." }
    streaming: { chunk_size: 7 }
  - match: { user_message: "weather", tool_schema: "get_weather" }
    response:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris", unit: "celsius" }
        - name: get_time
          arguments: { tz: "Europe/Paris" }
    streaming: { chunk_size: 5 }
  - match: { user_message: "think" }
    response: { thinking: "The user wants a plan.", content: "Here is the plan." }
    streaming: { chunk_size: 6 }
  - match: { user_message: "rate limit" }
    error: { status: 429, message: "Slow down" }
  - match: { user_message: "custom headers" }
    error: { status: 429, message: "Slow down", headers: { retry-after: "7" } }
  - match: { user_message: "unauthorized" }
    error: { status: 401, message: "Bad key" }
  - match: { user_message: "forbidden" }
    error: { status: 403, message: "Nope" }
  - match: { user_message: "bad request" }
    error: { status: 400, message: "Your request is bad" }
  - match: { user_message: "server broke" }
    error: { status: 500, message: "Broken" }
  - match: { user_message: "unavailable" }
    error: { status: 503, message: "Try later" }
  - match: { user_message: "overloaded" }
    error: { status: 529, message: "Overloaded" }
  - match: { user_message: "no thanks" }
    refusal: { reason: "I can't help with that." }
  - match: { user_message: "length" }
    response: { content: "cut", finish_reason: length }
  - match: { user_message: "template" }
    response: { content_template: "You said {{ user_message }} to {{ model }} via {{ provider }}" }
  - match: { system_prompt: "pirate", user_message: "greet" }
    response: { content: "Ahoy!" }
  - match: { user_message: "greet" }
    response: { content: "Hello." }
  - match: { user_message: "only chat" }
    provider: openai
    response: { content: "chat only" }
  - match: { user_message: "only responses" }
    provider: responses
    response: { content: "responses only" }
  - match: { user_message: "tenant", metadata: { tenant: "acme" }, headers: { x-team: "red" } }
    response: { content: "acme red" }
  - match: { user_message: "model check", model: { regex: "^gpt-5" } }
    response: { content: "a gpt-5 model" }
  - match: { user_message: "shape", body_jsonpath: { "$.text.format.type": { equals: json_object } }, message_count: 3, turn_index: 1 }
    response: { content: '{"ok": true}' }
  - match: { user_message: "twice" }
    sequence:
      - response: { content: "first" }
      - response: { content: "second" }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'responses.yaml': FIXTURES });
});
afterAll(() => h.close());

const WEATHER_TOOLS = [
  { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
  { type: 'function' as const, name: 'get_time', parameters: { type: 'object', properties: {} }, strict: false },
];

describe('non-streaming', () => {
  it('answers a string input with a message item and real token usage', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'hello' });
    expect(r.object).toBe('response');
    expect(r.id).toMatch(/^resp_[0-9a-f]{24}$/);
    expect(r.status).toBe('completed');
    expect(r.model).toBe('gpt-4o');
    expect(r.output_text).toBe('Hi there! How can I help you today?');
    expect(r.output).toHaveLength(1);
    const msg = r.output[0];
    expect(msg.type).toBe('message');
    if (msg.type !== 'message') throw new Error('not a message');
    expect(msg.id).toMatch(/^msg_/);
    expect(msg.role).toBe('assistant');
    expect(msg.content).toEqual([{ type: 'output_text', annotations: [], logprobs: [], text: 'Hi there! How can I help you today?' }]);
    expect(r.usage?.output_tokens).toBe(countTokens('Hi there! How can I help you today?'));
    expect(r.usage?.input_tokens).toBeGreaterThan(countTokens('hello'));
    expect(r.usage?.total_tokens).toBe(r.usage!.input_tokens + r.usage!.output_tokens);
  });

  it('answers an item-list input by its last user item', async () => {
    const r = await h.client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'weather' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
      ],
    });
    expect(r.output_text).toBe('Hi there! How can I help you today?');
  });

  it('tool calls are function_call items with JSON-string arguments', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'weather in Paris?', tools: WEATHER_TOOLS });
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('');
    const calls = r.output.filter((o) => o.type === 'function_call');
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
    for (const c of calls) {
      expect(c.call_id).toMatch(/^call_[0-9a-f]{24}$/);
      expect(c.id).toMatch(/^fc_/);
      expect(c.status).toBe('completed');
    }
    expect(r.tools.map((t) => (t as { name: string }).name)).toEqual(['get_weather', 'get_time']);
  });

  it('tool_schema needs the tool declared', async () => {
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'weather in Paris?' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('function_call_output items feed the tool-result match keys (last_message_role, tool_call_id, tool_result_contains)', async () => {
    const r = await h.client.responses.create({
      model: 'gpt-4o',
      tools: WEATHER_TOOLS,
      input: [
        { role: 'user', content: 'weather in Paris?' },
        { type: 'function_call', call_id: 'call_abc', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_abc', output: '{"temp":"18C"}' },
      ],
    });
    expect(r.output_text).toBe('It is 18C in Paris.');
  });

  it('a thinking answer has a reasoning item first, its tokens counted as reasoning', async () => {
    const r = await h.client.responses.create({ model: 'o3', input: 'think' });
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = r.output[0];
    if (reasoning.type !== 'reasoning') throw new Error('not reasoning');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'The user wants a plan.' }]);
    expect(r.output_text).toBe('Here is the plan.');
    expect(r.usage?.output_tokens_details.reasoning_tokens).toBe(countTokens('The user wants a plan.'));
  });

  it('a refusal is a refusal content part', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'no thanks' });
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('');
    const msg = r.output[0];
    if (msg.type !== 'message') throw new Error('not a message');
    expect(msg.content).toEqual([{ type: 'refusal', refusal: "I can't help with that." }]);
  });

  it('a length finish is an incomplete response (max_output_tokens)', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'length' });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(r.output_text).toBe('cut');
  });

  it('content_template sees the user message, model and provider', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o-mini', input: 'template' });
    expect(r.output_text).toBe('You said template to gpt-4o-mini via responses');
  });

  it('instructions are the system prompt', async () => {
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'greet', instructions: 'You are a pirate.' })).output_text).toBe('Ahoy!');
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'greet' })).output_text).toBe('Hello.');
    // A developer item counts too.
    expect((await h.client.responses.create({ model: 'gpt-4o', input: [{ role: 'developer', content: 'pirate mode' }, { role: 'user', content: 'greet' }] })).output_text).toBe('Ahoy!');
  });

  it('the response echoes instructions, metadata and settings', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'greet', instructions: 'Be polite.', metadata: { run: '7' }, temperature: 0.3, max_output_tokens: 100 });
    expect(r).toMatchObject({ instructions: 'Be polite.', metadata: { run: '7' }, temperature: 0.3, max_output_tokens: 100, store: true, tool_choice: 'auto', parallel_tool_calls: true });
  });

  it('provider: responses and provider: openai restrict a fixture to their API', async () => {
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'only responses' })).output_text).toBe('responses only');
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'only chat' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(h.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'only responses' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('matches metadata, headers and model', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'tenant', metadata: { tenant: 'acme' } }, { headers: { 'x-team': 'red' } });
    expect(r.output_text).toBe('acme red');
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'tenant', metadata: { tenant: 'acme' } })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await h.client.responses.create({ model: 'gpt-5-mini', input: 'model check' })).output_text).toBe('a gpt-5 model');
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'model check' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('body_jsonpath reads the raw body; message_count and turn_index count input items (instructions included)', async () => {
    const input = [
      { role: 'user' as const, content: 'first' },
      { role: 'user' as const, content: 'shape' },
    ];
    const r = await h.client.responses.create({ model: 'gpt-4o', instructions: 'Answer in JSON.', input, text: { format: { type: 'json_object' } } });
    expect(r.output_text).toBe('{"ok": true}');
    // Without the instructions there are only 2 messages.
    await expect(h.client.responses.create({ model: 'gpt-4o', input, text: { format: { type: 'json_object' } } })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(h.client.responses.create({ model: 'gpt-4o', instructions: 'x', input, text: { format: { type: 'text' } } })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('sequence: answers in order', async () => {
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'twice' })).output_text).toBe('first');
    expect((await h.client.responses.create({ model: 'gpt-4o', input: 'twice' })).output_text).toBe('second');
  });
});

describe('streaming', () => {
  it('create({stream: true}) yields the events in order, text deltas adding up', async () => {
    const s = await h.client.responses.create({ model: 'gpt-4o', input: 'stream me', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of s) events.push(e);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);
    expect(deltas).toEqual(['One two', ' three ', 'four fi', 've six ', 'seven e', 'ight ni', 'ne ten.']);
    expect(events.map((e) => e.type).filter((t) => t !== 'response.output_text.delta')).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const done = events.at(-1);
    if (done?.type !== 'response.completed') throw new Error('no response.completed');
    expect(done.response.usage?.output_tokens).toBe(countTokens('One two three four five six seven eight nine ten.'));
  });

  it('responses.stream() assembles the final response', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'stream me' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('One two three four five six seven eight nine ten.');
    expect(deltas.join('')).toBe(final.output_text);
    expect(final.status).toBe('completed');
  });

  it('streamed tool calls: function_call_arguments deltas, then .done', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'weather', tools: WEATHER_TOOLS });
    const argDeltas: string[] = [];
    const dones: Array<{ name: string; arguments: string }> = [];
    stream.on('response.function_call_arguments.delta', (e) => argDeltas.push(e.delta));
    stream.on('response.function_call_arguments.done', (e) => dones.push({ name: e.name, arguments: e.arguments }));
    const final = await stream.finalResponse();
    expect(dones).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
    ]);
    expect(argDeltas.join('')).toBe('{"city":"Paris","unit":"celsius"}{"tz":"Europe/Paris"}');
    expect(argDeltas.every((d) => [...d].length <= 5)).toBe(true);
    expect(final.output.map((o) => (o.type === 'function_call' ? o.name : o.type))).toEqual(['get_weather', 'get_time']);
  });

  it('streamed thinking: reasoning summary events, then the message', async () => {
    const stream = h.client.responses.stream({ model: 'o3', input: 'think' });
    const summary: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (e) => summary.push(e.delta));
    const final = await stream.finalResponse();
    expect(summary.join('')).toBe('The user wants a plan.');
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(final.output_text).toBe('Here is the plan.');
  });

  it('a streamed refusal: refusal deltas into a refusal content part', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'no thanks' });
    const pieces: string[] = [];
    stream.on('response.refusal.delta', (e) => pieces.push(e.delta));
    const final = await stream.finalResponse();
    expect(pieces.join('')).toBe("I can't help with that.");
    const msg = final.output[0];
    if (msg.type !== 'message') throw new Error('not a message');
    // The SDK's stream helper adds `parsed: null` to the part.
    expect(msg.content).toMatchObject([{ type: 'refusal', refusal: "I can't help with that." }]);
  });

  it('a streamed length finish ends with response.incomplete', async () => {
    const s = await h.client.responses.create({ model: 'gpt-4o', input: 'length', stream: true });
    const types: string[] = [];
    for await (const e of s) types.push(e.type);
    expect(types.at(-1)).toBe('response.incomplete');
  });

  it('on the wire: event: lines naming each data frame, text/event-stream, no [DONE]', async () => {
    const res = await postRaw(`${h.server.url}/v1/responses`, { model: 'gpt-4o', input: 'hello', stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(res.text);
    for (const e of events) expect(e.event).toBe(JSON.parse(e.data).type);
    expect(res.text).not.toContain('[DONE]');
    expect(res.text.startsWith('event: response.created\ndata: {"type":"response.created","sequence_number":0,')).toBe(true);
  });
});

describe('errors', () => {
  it.each([
    ['bad request', OpenAI.BadRequestError, 400, 'invalid_request_error'],
    ['unauthorized', OpenAI.AuthenticationError, 401, 'authentication_error'],
    ['forbidden', OpenAI.PermissionDeniedError, 403, 'permission_error'],
    ['rate limit', OpenAI.RateLimitError, 429, 'rate_limit_error'],
    ['server broke', OpenAI.InternalServerError, 500, 'server_error'],
    ['unavailable', OpenAI.InternalServerError, 503, 'server_error'],
    ['overloaded', OpenAI.InternalServerError, 529, 'server_error'],
  ] as const)('"%s" raises %p with status and type', async (input, cls, status, type) => {
    const err = await h.client.responses.create({ model: 'gpt-4o', input }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(cls);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe(type);
  });

  it('a fixture error on a streaming request is the same HTTP error', async () => {
    await expect(h.client.responses.create({ model: 'gpt-4o', input: 'rate limit', stream: true })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('429s carry retry-after and rate-limit headers; fixture headers win', async () => {
    const a = await postRaw(`${h.server.url}/v1/responses`, { model: 'gpt-4o', input: 'rate limit' });
    expect([a.status, a.headers.get('retry-after'), a.headers.get('x-ratelimit-remaining-requests')]).toEqual([429, '1', '0']);
    expect(JSON.parse(a.text)).toEqual({ error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
    const b = await postRaw(`${h.server.url}/v1/responses`, { model: 'gpt-4o', input: 'custom headers' });
    expect(b.headers.get('retry-after')).toBe('7');
  });

  it('no match is a 404 in OpenAI shape naming the model, never the input', async () => {
    const res = await postRaw(`${h.server.url}/v1/responses`, { model: 'gpt-9', input: 'secret words nobody matches' });
    expect(res.status).toBe(404);
    const body = JSON.parse(res.text);
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toMatch(/^No fixture matched for model='gpt-9' \(\d+ fixtures checked\)/);
    expect(res.text).not.toContain('secret words');
  });
});

describe('GET /v1/responses/{id}', () => {
  it('retrieve() returns a stored response as it was sent', async () => {
    const created = await h.client.responses.create({ model: 'gpt-4o', input: 'hello', metadata: { k: 'v' } });
    const got = await h.client.responses.retrieve(created.id);
    expect(got).toEqual(created);
  });

  it('a streamed response is stored as its finished response', async () => {
    const stream = h.client.responses.stream({ model: 'gpt-4o', input: 'weather', tools: WEATHER_TOOLS });
    const final = await stream.finalResponse();
    const got = await h.client.responses.retrieve(final.id);
    expect(got.status).toBe('completed');
    // The stream helper adds `parsed_arguments` to each call; the stored response is the wire's.
    expect(got.output).toEqual(final.output.map((o) => (o.type === 'function_call' ? { ...o, parsed_arguments: undefined } : o)));
    expect(got.usage).toEqual(final.usage);
  });

  it('store: false is not kept: retrieve raises NotFoundError', async () => {
    const created = await h.client.responses.create({ model: 'gpt-4o', input: 'hello', store: false });
    // The API sends `store` back (the SDK's type leaves it out).
    expect((created as unknown as { store: boolean }).store).toBe(false);
    await expect(h.client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('an unknown id is a 404 in OpenAI error shape', async () => {
    const res = await fetch(`${h.server.url}/v1/responses/resp_nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ error: { message: "Response with id 'resp_nope' not found.", type: 'not_found_error', param: null, code: 'not_found' } });
  });

  it('replaying a stored stream (stream=true) is a 400 saying so', async () => {
    const created = await h.client.responses.create({ model: 'gpt-4o', input: 'hello' });
    const res = await fetch(`${h.server.url}/v1/responses/${created.id}?stream=true`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/does not replay stored response streams/);
  });

  it('errors and no-matches are not stored; reset() forgets every response', async () => {
    const created = await h.client.responses.create({ model: 'gpt-4o', input: 'hello' });
    expect((await fetch(`${h.server.url}/v1/responses/${created.id}`)).status).toBe(200);
    h.server.reset();
    expect((await fetch(`${h.server.url}/v1/responses/${created.id}`)).status).toBe(404);
  });
});
