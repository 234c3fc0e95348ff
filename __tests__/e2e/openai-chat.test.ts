/** The OpenAI Chat Completions surface, seen through the official `openai` SDK. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { chat, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "hello" }
    response: { content: "Hi there! How can I help you today?" }
  - match: { user_message: "stream me" }
    response: { content: "One two three four five six seven eight nine ten." }
    streaming: { chunk_size: 7 }
  - match: { user_message: "weather" }
    response:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris", unit: "celsius" }
        - name: get_time
          arguments: { tz: "Europe/Paris" }
    streaming: { chunk_size: 5 }
  - match: { user_message: "rate limit" }
    error: { status: 429, message: "Slow down" }
  - match: { user_message: "custom headers" }
    error: { status: 429, message: "Slow down", headers: { retry-after: "7" } }
  - match: { user_message: "server broke" }
    error: { status: 503, message: "Try later" }
  - match: { user_message: "no thanks" }
    refusal: { reason: "I can't help with that." }
  - match: { user_message: "length" }
    response: { content: "cut", stop_reason: max_tokens }
  - match: { user_message: "template" }
    response: { content_template: "You said {{ user_message }} to {{ model }}" }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'chat.yaml': FIXTURES });
});
afterAll(() => h.close());

describe('non-streaming', () => {
  it('returns the fixture content with real token usage', async () => {
    const res = await h.client.chat.completions.create(chat('hello'));
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o');
    expect(res.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    expect(res.choices[0].message.content).toBe('Hi there! How can I help you today?');
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage?.completion_tokens).toBe(countTokens('Hi there! How can I help you today?'));
    expect(res.usage?.prompt_tokens).toBeGreaterThan(countTokens('hello'));
    expect(res.usage?.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it('matches the latest user turn only', async () => {
    const res = await h.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'weather' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: '  hello  ' }] },
      ],
    });
    expect(res.choices[0].message.content).toBe('Hi there! How can I help you today?');
  });

  it('returns tool calls with JSON arguments and finish_reason tool_calls', async () => {
    const res = await h.client.chat.completions.create(chat('weather'));
    const calls = res.choices[0].message.tool_calls!;
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    expect(res.choices[0].message.content).toBeNull();
    expect(calls).toHaveLength(2);
    expect(calls[0].type).toBe('function');
    const fn0 = (calls[0] as { function: { name: string; arguments: string } }).function;
    expect(fn0.name).toBe('get_weather');
    expect(JSON.parse(fn0.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(calls[0].id).not.toBe(calls[1].id);
  });

  it('maps stop_reason to finish_reason', async () => {
    const res = await h.client.chat.completions.create(chat('length'));
    expect(res.choices[0].finish_reason).toBe('length');
  });

  it('renders content_template from the request', async () => {
    const res = await h.client.chat.completions.create({ ...chat('template please'), model: 'gpt-4o-mini' });
    expect(res.choices[0].message.content).toBe('You said template please to gpt-4o-mini');
  });

  it('returns a refusal', async () => {
    const res = await h.client.chat.completions.create(chat('no thanks'));
    expect(res.choices[0].message.refusal).toBe("I can't help with that.");
    expect(res.choices[0].message.content).toBeNull();
  });

  it('streams a refusal as OpenAI does: delta.refusal pieces the SDK puts back together', async () => {
    const chunks = [];
    for await (const c of await h.client.chat.completions.create({ ...chat('no thanks'), stream: true })) chunks.push(c);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null, refusal: '' });
    expect(chunks.filter((c) => c.choices[0]?.delta.refusal).length).toBeGreaterThan(1);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
    const final = await h.client.chat.completions.stream(chat('no thanks')).finalChatCompletion();
    expect(final.choices[0].message.refusal).toBe("I can't help with that.");
    expect(final.choices[0].message.content).toBeNull();
  });
});

describe('errors', () => {
  it('surfaces a 429 fixture as RateLimitError with retry-after and x-ratelimit headers', async () => {
    const err = await h.client.chat.completions.create(chat('rate limit')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.message).toContain('Slow down');
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.type).toBe('rate_limit_error');
    expect(e.headers?.get('retry-after')).toBe('1');
    expect(e.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('lets fixture headers win over the defaults', async () => {
    const e = (await h.client.chat.completions.create(chat('custom headers')).catch((x: unknown) => x)) as InstanceType<typeof OpenAI.APIError>;
    expect(e.headers?.get('retry-after')).toBe('7');
  });

  it('maps 503 to InternalServerError with service_unavailable', async () => {
    const e = (await h.client.chat.completions.create(chat('server broke')).catch((x: unknown) => x)) as InstanceType<typeof OpenAI.APIError>;
    expect(e).toBeInstanceOf(OpenAI.InternalServerError);
    expect(e.status).toBe(503);
    expect(e.code).toBe('service_unavailable');
  });

  it('answers no match with NotFoundError naming the model and count, without echoing the prompt', async () => {
    const e = (await h.client.chat.completions.create({ ...chat('secret prompt xyz'), model: 'gpt-9' }).catch((x: unknown) => x)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
    expect(e.message).toContain("No fixture matched for model='gpt-9' (9 fixtures checked)");
    expect(e.message).not.toContain('secret prompt');
  });
});

describe('streaming', () => {
  it('streams exactly the fixture text in chunk_size pieces', async () => {
    const stream = await h.client.chat.completions.create({ ...chat('stream me'), stream: true });
    const pieces: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (c?.delta.content) pieces.push(c.delta.content);
      if (c?.finish_reason) finish = c.finish_reason;
    }
    expect(pieces.join('')).toBe('One two three four five six seven eight nine ten.');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => [...p].length <= 7)).toBe(true);
    expect(pieces[0]).toBe('One two');
    expect(finish).toBe('stop');
  });

  it('adds the usage chunk when stream_options.include_usage is set', async () => {
    const stream = await h.client.chat.completions.create({ ...chat('stream me'), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(countTokens('One two three four five six seven eight nine ten.'));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('streams tool calls with per-call index and argument pieces', async () => {
    const stream = await h.client.chat.completions.create({ ...chat('weather'), stream: true });
    const args: Record<number, string> = {};
    const names: Record<number, string> = {};
    let finish: string | null = null;
    let deltas = 0;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (c?.finish_reason) finish = c.finish_reason;
      for (const tc of c?.delta.tool_calls ?? []) {
        deltas++;
        if (tc.function?.name) names[tc.index] = tc.function.name;
        args[tc.index] = (args[tc.index] ?? '') + (tc.function?.arguments ?? '');
      }
    }
    expect(names).toEqual({ 0: 'get_weather', 1: 'get_time' });
    expect(JSON.parse(args[0])).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(JSON.parse(args[1])).toEqual({ tz: 'Europe/Paris' });
    expect(deltas).toBeGreaterThan(4); // arguments arrive in several pieces
    expect(finish).toBe('tool_calls');
  });

  it('assembles a streamed tool call with the SDK helper', async () => {
    const runner = h.client.chat.completions.stream(chat('weather'));
    const final = await runner.finalChatCompletion();
    const fn = (final.choices[0].message.tool_calls![0] as { function: { name: string; arguments: string } }).function;
    expect(fn.name).toBe('get_weather');
    expect(JSON.parse(fn.arguments).city).toBe('Paris');
  });
});
