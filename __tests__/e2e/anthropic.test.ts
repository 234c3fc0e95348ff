/** The Anthropic Messages surface (`POST /v1/messages`), seen through the official `@anthropic-ai/sdk`. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "hello" }
    response: { content: "Hi there! How can I help you today?" }
  - match: { user_message: "stream me" }
    response: { content: "One two three four five six seven eight nine ten." }
    streaming: { chunk_size: 7 }
  - name: weather-answer
    priority: 1
    match: { user_message: "weather", last_message_role: tool, tool_call_id: { regex: "^toolu_" }, tool_result_contains: "18" }
    response: { content: "It is 18 degrees in Paris." }
  - match: { user_message: "weather", tool_schema: get_weather }
    response:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris", unit: "celsius" }
        - name: get_time
          arguments: { tz: "Europe/Paris" }
    streaming: { chunk_size: 5 }
  - match: { user_message: "think first" }
    response: { thinking: "Five, seven, five syllables.", content: "Quiet mock server / answers before you finish / the tests all pass green" }
    streaming: { chunk_size: 6 }
  - match: { system_prompt: "You are a pirate" }
    response: { content: "Arr, matey!" }
  - match: { user_message: "refuse" }
    refusal: { reason: "I can't help with that." }
  - match: { user_message: "length" }
    response: { content: "cut", finish_reason: length }
  - match: { user_message: "paused" }
    response: { content: "wait", stop_reason: pause_turn }
  - match: { user_message: "stop seq" }
    response: { content: "one two", stop_reason: stop_sequence }
  - match: { user_message: "template" }
    response: { content_template: "You said {{ user_message }} to {{ model }} via {{ provider }}" }
  - match: { user_message: "only openai" }
    provider: openai
    response: { content: "openai only" }
  - match: { user_message: "only anthropic" }
    provider: anthropic
    response: { content: "anthropic only" }
  - match: { user_message: "who", metadata: { user_id: "u-42" } }
    response: { content: "metadata matched" }
  - match: { user_message: "who", headers: { anthropic-beta: "tools-2024" } }
    response: { content: "header matched" }
  - match: { user_message: "step" }
    sequence:
      - response: { content: "first" }
      - response: { content: "second" }
  - match: { user_message: "once" }
    times: 1
    response: { content: "only once" }
  - match: { user_message: "count me", message_count: 3, turn_index: 1 }
    response: { content: "third message, second turn" }
  - match: { user_message: "pick", body_jsonpath: { "$.tool_choice.type": "any" } }
    response: { content: "jsonpath matched" }
  - match: { user_message: "status 400" }
    error: { status: 400, message: "bad thing" }
  - match: { user_message: "status 401" }
    error: { status: 401, message: "who are you" }
  - match: { user_message: "status 403" }
    error: { status: 403, message: "not for you" }
  - match: { user_message: "status 404" }
    error: { status: 404, message: "no such model" }
  - match: { user_message: "status 413" }
    error: { status: 413, message: "too big" }
  - match: { user_message: "status 429" }
    error: { status: 429, message: "Slow down" }
  - match: { user_message: "custom 429" }
    error: { status: 429, message: "Slow down", headers: { retry-after: "7" } }
  - match: { user_message: "status 500" }
    error: { status: 500, message: "broke" }
  - match: { user_message: "status 502" }
    error: { status: 502, message: "gateway" }
  - match: { user_message: "status 503" }
    error: { status: 503, message: "later" }
  - match: { user_message: "status 504" }
    error: { status: 504, message: "too slow" }
  - match: { user_message: "status 529" }
    error: { status: 529, message: "Overloaded" }
`;

let h: Harness;
let client: Anthropic;
beforeAll(async () => {
  h = await startWith({ 'anthropic.yaml': FIXTURES });
  client = anthropicClient(h.server.url);
});
afterAll(() => h.close());

const textOf = (m: Anthropic.Message) => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

describe('messages.create', () => {
  it('returns the fixture text as one text block, with ids and usage', async () => {
    const m = await client.messages.create(ask('hello'));
    expect(m.type).toBe('message');
    expect(m.role).toBe('assistant');
    expect(m.model).toBe('claude-sonnet-4-6');
    expect(m.id).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(m.content).toEqual([{ type: 'text', text: 'Hi there! How can I help you today?' }]);
    expect(m.stop_reason).toBe('end_turn');
    expect(m.stop_sequence).toBeNull();
    expect(m.usage.output_tokens).toBe(countTokens('Hi there! How can I help you today?'));
    expect(m.usage.input_tokens).toBeGreaterThanOrEqual(countTokens('hello'));
  });

  it('matches the latest user turn only (text blocks joined, trimmed)', async () => {
    const m = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'weather' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: '  hello  ' }] },
      ],
    });
    expect(textOf(m)).toBe('Hi there! How can I help you today?');
  });

  it('returns tool_use blocks with toolu_ ids, parsed input and stop_reason tool_use', async () => {
    const m = await client.messages.create(ask('weather', { tools: [{ name: 'get_weather', input_schema: { type: 'object' as const } }] }));
    expect(m.stop_reason).toBe('tool_use');
    const uses = m.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(uses.map((u) => [u.name, u.input])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(uses[0].id).toMatch(/^toolu_[0-9a-f]{24}$/);
    expect(uses[0].id).not.toBe(uses[1].id);
    expect(m.content.some((b) => b.type === 'text')).toBe(false);
  });

  it('needs the declared tool for tool_schema', async () => {
    const e = await client.messages.create(ask('weather')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('a tool loop: the tool_result turn matches on the question before it and on the result', async () => {
    const first = await client.messages.create(ask('weather', { tools: [{ name: 'get_weather', input_schema: { type: 'object' as const } }] }));
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: '18 C, sunny' }] }] },
      ],
    });
    expect(textOf(second)).toBe('It is 18 degrees in Paris.');
    expect(second.stop_reason).toBe('end_turn');
    // The same turn with another result falls through to the tool-call fixture.
    const other = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'raining, 9 C' }] },
      ],
    });
    expect(other.stop_reason).toBe('tool_use');
  });

  it('emits a thinking block with a signature before the text', async () => {
    const m = await client.messages.create(ask('think first'));
    expect(m.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const t = m.content[0] as Anthropic.ThinkingBlock;
    expect(t.thinking).toBe('Five, seven, five syllables.');
    expect(t.signature).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
    expect(m.usage.output_tokens).toBe(countTokens('Five, seven, five syllables.') + countTokens('Quiet mock server / answers before you finish / the tests all pass green'));
  });

  it('matches the top-level system prompt, as a string or as text blocks', async () => {
    expect(textOf(await client.messages.create(ask('anything', { system: 'You are a pirate.' })))).toBe('Arr, matey!');
    const blocks = await client.messages.create(ask('anything', { system: [{ type: 'text' as const, text: 'Be brief.' }, { type: 'text' as const, text: 'You are a pirate.' }] }));
    expect(textOf(blocks)).toBe('Arr, matey!');
  });

  it('a refusal is stop_reason refusal with the reason as text', async () => {
    const m = await client.messages.create(ask('refuse'));
    expect(m.stop_reason).toBe('refusal');
    expect(m.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
  });

  it('maps finish words: finish_reason length -> max_tokens; a written stop_reason goes out verbatim', async () => {
    expect((await client.messages.create(ask('length'))).stop_reason).toBe('max_tokens');
    expect((await client.messages.create(ask('paused'))).stop_reason).toBe('pause_turn');
  });

  it('stop_sequence reports the request\'s stop sequence', async () => {
    const m = await client.messages.create(ask('stop seq', { stop_sequences: ['three', 'four'] }));
    expect(m.stop_reason).toBe('stop_sequence');
    expect(m.stop_sequence).toBe('three');
    expect((await client.messages.create(ask('stop seq'))).stop_sequence).toBeNull();
  });

  it('renders content_template with the request', async () => {
    const m = await client.messages.create({ ...ask('template please'), model: 'claude-haiku-4-5' });
    expect(textOf(m)).toBe('You said template please to claude-haiku-4-5 via anthropic');
  });

  it('honours provider: restrictions', async () => {
    expect(textOf(await client.messages.create(ask('only anthropic')))).toBe('anthropic only');
    expect(await client.messages.create(ask('only openai')).catch((x: unknown) => x)).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('matches metadata and headers', async () => {
    expect(textOf(await client.messages.create(ask('who', { metadata: { user_id: 'u-42' } })))).toBe('metadata matched');
    expect(textOf(await client.messages.create(ask('who'), { headers: { 'anthropic-beta': 'tools-2024-04-04' } }))).toBe('header matched');
  });

  it('message_count and turn_index count Anthropic turns; body_jsonpath reads the raw body', async () => {
    const m = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'count me' },
      ],
    });
    expect(textOf(m)).toBe('third message, second turn');
    expect(await client.messages.create(ask('count me')).catch((x: unknown) => x)).toBeInstanceOf(Anthropic.NotFoundError);
    const tools = [{ name: 'f', input_schema: { type: 'object' as const } }];
    expect(textOf(await client.messages.create(ask('pick', { tools, tool_choice: { type: 'any' as const } })))).toBe('jsonpath matched');
  });

  it('plays a sequence and honours times', async () => {
    expect(textOf(await client.messages.create(ask('step')))).toBe('first');
    expect(textOf(await client.messages.create(ask('step')))).toBe('second');
    expect(textOf(await client.messages.create(ask('step')))).toBe('second');
    expect(textOf(await client.messages.create(ask('once')))).toBe('only once');
    expect(await client.messages.create(ask('once')).catch((x: unknown) => x)).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('errors', () => {
  const cases: Array<[number, string, new (...a: never[]) => Error]> = [
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [413, 'request_too_large', Anthropic.ContentTooLargeError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
    [502, 'api_error', Anthropic.InternalServerError],
    [503, 'api_error', Anthropic.ServiceUnavailableError],
    [504, 'timeout_error', Anthropic.GatewayTimeoutError],
    [529, 'overloaded_error', Anthropic.OverloadedError],
  ];
  it.each(cases)('a %i fixture is the SDK error for it, with type %s', async (status, type, cls) => {
    const e = (await client.messages.create(ask(`status ${status}`)).catch((x: unknown) => x)) as InstanceType<typeof Anthropic.APIError>;
    expect(e).toBeInstanceOf(cls);
    expect(e.status).toBe(status);
    expect(e.type).toBe(type);
    expect(e.error).toEqual({ type: 'error', error: { type, message: expect.any(String) } });
  });

  it('a 429 carries retry-after and anthropic-ratelimit-* headers; fixture headers win', async () => {
    const e = (await client.messages.create(ask('status 429')).catch((x: unknown) => x)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.message).toContain('Slow down');
    expect(e.headers?.get('retry-after')).toBe('1');
    expect(e.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(e.headers?.get('anthropic-ratelimit-tokens-limit')).toBe('40000');
    expect(e.headers?.get('x-ratelimit-remaining-requests')).toBeNull();
    const custom = (await client.messages.create(ask('custom 429')).catch((x: unknown) => x)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(custom.headers?.get('retry-after')).toBe('7');
  });

  it('no match is a not_found_error naming the model and count, never the prompt', async () => {
    const e = (await client.messages.create({ ...ask('secret prompt xyz'), model: 'claude-9' }).catch((x: unknown) => x)) as InstanceType<typeof Anthropic.APIError>;
    expect(e).toBeInstanceOf(Anthropic.NotFoundError);
    expect(e.type).toBe('not_found_error');
    expect(e.message).toContain("No fixture matched for model='claude-9'");
    expect(e.message).not.toContain('secret prompt');
  });

  it('a missing max_tokens is a 400 invalid_request_error', async () => {
    const e = (await client.messages.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hello' }] } as never).catch((x: unknown) => x)) as InstanceType<
      typeof Anthropic.APIError
    >;
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    expect(e.type).toBe('invalid_request_error');
    expect(e.message).toContain('max_tokens: Field required');
  });
});

describe('streaming', () => {
  it('create({ stream: true }) yields the events in the API\'s order, text in chunk_size pieces', async () => {
    const stream = await client.messages.create({ ...ask('stream me'), stream: true });
    const types: string[] = [];
    const pieces: string[] = [];
    let stop: string | null = null;
    let outputTokens = -1;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') pieces.push(e.delta.text);
      if (e.type === 'message_delta') {
        stop = e.delta.stop_reason;
        outputTokens = e.usage.output_tokens;
      }
      if (e.type === 'message_start') expect(e.message.usage.input_tokens).toBeGreaterThan(0);
    }
    expect(pieces.join('')).toBe('One two three four five six seven eight nine ten.');
    expect(pieces[0]).toBe('One two');
    expect(pieces.every((p) => [...p].length <= 7)).toBe(true);
    // The SDK drops the ping.
    expect(types).toEqual(['message_start', 'content_block_start', ...pieces.map(() => 'content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    expect(stop).toBe('end_turn');
    expect(outputTokens).toBe(countTokens('One two three four five six seven eight nine ten.'));
  });

  it('messages.stream(): text events and finalMessage()', async () => {
    const s = client.messages.stream(ask('stream me'));
    const texts: string[] = [];
    s.on('text', (t) => texts.push(t));
    const final = await s.finalMessage();
    expect(texts.join('')).toBe('One two three four five six seven eight nine ten.');
    expect(texts.length).toBeGreaterThan(1);
    expect(final.content).toEqual([{ type: 'text', text: 'One two three four five six seven eight nine ten.' }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.id).toMatch(/^msg_/);
    expect(await s.finalText()).toBe('One two three four five six seven eight nine ten.');
  });

  it('streams tool calls as input_json_delta pieces the SDK assembles', async () => {
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const } }];
    const raw = await client.messages.create({ ...ask('weather', { tools }), stream: true });
    const partials: Record<number, string[]> = {};
    const starts: Array<{ index: number; id: string; name: string }> = [];
    for await (const e of raw) {
      if (e.type === 'content_block_start' && e.content_block.type === 'tool_use') starts.push({ index: e.index, id: e.content_block.id, name: e.content_block.name });
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') (partials[e.index] ??= []).push(e.delta.partial_json);
    }
    expect(starts.map((s) => [s.index, s.name])).toEqual([
      [0, 'get_weather'],
      [1, 'get_time'],
    ]);
    expect(starts[0].id).toMatch(/^toolu_/);
    expect(partials[0].length).toBeGreaterThan(2);
    expect(JSON.parse(partials[0].join(''))).toEqual({ city: 'Paris', unit: 'celsius' });

    const final = await client.messages.stream(ask('weather', { tools })).finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : b.type))).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
  });

  it('streams thinking (thinking_delta, then signature_delta) before the text', async () => {
    const s = client.messages.stream(ask('think first'));
    const thinking: string[] = [];
    const signatures: string[] = [];
    s.on('thinking', (d) => thinking.push(d));
    s.on('signature', (sig) => signatures.push(sig));
    const final = await s.finalMessage();
    expect(thinking.join('')).toBe('Five, seven, five syllables.');
    expect(thinking.length).toBeGreaterThan(1);
    expect(signatures).toHaveLength(1);
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: 'Five, seven, five syllables.', signature: signatures[0] });
    expect(final.content[1]).toEqual({ type: 'text', text: 'Quiet mock server / answers before you finish / the tests all pass green' });
    // The same signature as the non-streaming body.
    const body = await client.messages.create(ask('think first'));
    expect((body.content[0] as Anthropic.ThinkingBlock).signature).toBe(signatures[0]);
  });

  it('streams a refusal as text with stop_reason refusal', async () => {
    const final = await client.messages.stream(ask('refuse')).finalMessage();
    expect(final.stop_reason).toBe('refusal');
    expect(final.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
  });

  it('a streamed request that matches an error fixture is the HTTP error', async () => {
    const e = await client.messages.stream(ask('status 529')).finalMessage().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Anthropic.OverloadedError);
  });
});

describe('models', () => {
  it('GET /v1/models answers in Anthropic\'s list shape for the Anthropic SDK', async () => {
    const h2 = await startWith({ 'm.yaml': 'fixtures:\n  - match: { model: "claude-opus-4-1" }\n    response: { content: "x" }\n  - match: { model: "claude-haiku-4-5" }\n    response: { content: "y" }\n' }, { freezeTime: 1_700_000_000, models: [] });
    try {
      const models: Anthropic.ModelInfo[] = [];
      for await (const m of anthropicClient(h2.server.url).models.list()) models.push(m);
      expect(models.map((m) => [m.type, m.id, m.created_at])).toEqual([
        ['model', 'claude-opus-4-1', '2023-11-14T22:13:20Z'],
        ['model', 'claude-haiku-4-5', '2023-11-14T22:13:20Z'],
      ]);
      // Without anthropic-version, the OpenAI shape.
      const plain = (await (await fetch(`${h2.server.url}/v1/models`)).json()) as { object: string; data: Array<{ id: string; object: string }> };
      expect(plain.object).toBe('list');
      expect(plain.data.map((d) => [d.id, d.object])).toEqual([
        ['claude-opus-4-1', 'model'],
        ['claude-haiku-4-5', 'model'],
      ]);
    } finally {
      await h2.close();
    }
  });
});
