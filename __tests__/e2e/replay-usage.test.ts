/**
 * `response.usage`: recorded token counts reach every provider's SDK as given, streamed or not,
 * instead of the tokenizer's counts; a reasoning model gets no hidden reasoning on top of a
 * recorded output. Live stats count what was reported: the recorded usage, and for a `raw:`
 * replay the fixture's usage (nothing is counted in replayed bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { openAiChatSse } from '../helpers/recordings.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = stringify({
  fixtures: [
    { match: { user_message: { equals: 'recorded' } }, response: { content: 'Hi there, recorded.', usage: { input_tokens: 1234, output_tokens: 56 } } },
    { match: { user_message: { equals: 'reasoned' } }, response: { content: 'Forty-two.', usage: { input_tokens: 40, output_tokens: 900, reasoning_tokens: 896 } } },
    { match: { user_message: { equals: 'prompt only' } }, response: { content: 'hello world', usage: { input_tokens: 777 } } },
    { match: { user_message: { equals: 'raw replay' } }, response: { content: 'unused', usage: { input_tokens: 11, output_tokens: 22 } }, raw: { stream: true, status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: [{ at_ms: 0, data: openAiChatSse(['replayed']) }] } },
  ],
});

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'u.yaml': FIXTURES });
});
afterAll(() => h.close());

describe('OpenAI', () => {
  it('chat completions, not streamed and streamed with include_usage', async () => {
    const r = await h.client.chat.completions.create(chat('recorded'));
    expect(r.usage).toEqual({ prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 });
    let usage: unknown;
    for await (const c of await h.client.chat.completions.create({ ...chat('recorded'), stream: true, stream_options: { include_usage: true } })) if (c.usage) usage = c.usage;
    expect(usage).toEqual({ prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 });
  });

  it('a reasoning model: the recorded output and reasoning, no hidden reasoning added on top', async () => {
    const r = await h.client.chat.completions.create({ ...chat('reasoned'), model: 'o3', reasoning_effort: 'high' });
    expect(r.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 900, total_tokens: 940, completion_tokens_details: { reasoning_tokens: 896 } });
  });

  it('only input_tokens recorded: the output is counted as usual', async () => {
    const r = await h.client.chat.completions.create(chat('prompt only'));
    expect(r.usage).toEqual({ prompt_tokens: 777, completion_tokens: 2, total_tokens: 779 });
  });

  it('the Responses API', async () => {
    const r = await h.client.responses.create({ model: 'o3', input: 'reasoned' });
    expect(r.usage).toMatchObject({ input_tokens: 40, output_tokens: 900, total_tokens: 940, output_tokens_details: { reasoning_tokens: 896 } });
  });
});

describe('Anthropic', () => {
  it('messages, not streamed and streamed', async () => {
    const client = anthropicClient(h.server.url);
    const m = await client.messages.create(ask('recorded'));
    expect(m.usage).toMatchObject({ input_tokens: 1234, output_tokens: 56 });
    const final = await client.messages.stream(ask('recorded')).finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 1234, output_tokens: 56 });
  });
});

describe('Gemini', () => {
  it('generateContent and generateContentStream', async () => {
    const ai = geminiClient(h.server.url);
    const r = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'recorded' });
    expect(r.usageMetadata).toMatchObject({ promptTokenCount: 1234, candidatesTokenCount: 56, totalTokenCount: 1290 });
    let last: unknown;
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'recorded' })) last = c.usageMetadata;
    expect(last).toMatchObject({ promptTokenCount: 1234, candidatesTokenCount: 56, totalTokenCount: 1290 });
  });

  it('a recorded reasoning count is thoughtsTokenCount, the rest candidates', async () => {
    const r = await geminiClient(h.server.url).models.generateContent({ model: 'gemini-2.5-pro', contents: 'reasoned' });
    expect(r.usageMetadata).toMatchObject({ promptTokenCount: 40, candidatesTokenCount: 4, thoughtsTokenCount: 896, totalTokenCount: 940 });
  });
});

describe('live stats', () => {
  it('count the recorded usage, and a raw replay\'s usage from its response.usage', async () => {
    const before = (await (await fetch(`${h.server.url}/llmsim/stats`)).json()) as { prompt_tokens: number; completion_tokens: number };
    await h.client.chat.completions.create(chat('recorded'));
    const replayed = await postRaw(`${h.server.url}/v1/chat/completions`, chat('raw replay', { stream: true }));
    expect(replayed.text).toBe(openAiChatSse(['replayed']));
    const after = (await (await fetch(`${h.server.url}/llmsim/stats`)).json()) as { prompt_tokens: number; completion_tokens: number };
    expect([after.prompt_tokens - before.prompt_tokens, after.completion_tokens - before.completion_tokens]).toEqual([1234 + 11, 56 + 22]);
  });
});

describe('the README\'s examples of usage and raw, as written', () => {
  /** The ```yaml blocks of the README's "Recorded usage and exact replay" section, each a fixture list. */
  function readmeBlocks(): string[] {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('### Recorded usage and exact replay');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => `fixtures:\n${m[1]}`);
  }

  // One server per block: both examples answer "hello".
  let usage: Harness;
  let raw: Harness;
  beforeAll(async () => {
    const blocks = readmeBlocks();
    expect(blocks).toHaveLength(2);
    usage = await startWith({ 'usage.yaml': blocks[0] });
    raw = await startWith({ 'raw.yaml': blocks[1] });
  });
  afterAll(async () => {
    await usage.close();
    await raw.close();
  });

  it('usage: the OpenAI SDK reports the counts written', async () => {
    expect((await usage.client.chat.completions.create(chat('hello'))).usage).toEqual({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    const o3 = await usage.client.chat.completions.create({ ...chat('solve it'), model: 'o3' });
    expect(o3.usage).toMatchObject({ completion_tokens: 900, completion_tokens_details: { reasoning_tokens: 896 } });
  });

  it('raw: streamed, the SDK gets the recording with its headers; not streamed, the response', async () => {
    let text = '';
    const ids = new Set<string>();
    for await (const c of await raw.client.chat.completions.create({ ...chat('hello'), stream: true })) {
      ids.add(c.id);
      text += c.choices[0]?.delta.content ?? '';
    }
    expect([text, [...ids]]).toEqual(['Hello!', ['chatcmpl-1']]);
    const res = await postRaw(`${raw.server.url}/v1/chat/completions`, chat('hello', { stream: true }));
    expect(res.headers.get('openai-processing-ms')).toBe('87');
    const done = await raw.client.chat.completions.create(chat('hello'));
    expect([done.choices[0].message.content, done.usage?.prompt_tokens]).toEqual(['Hello!', 9]);
    expect(done.id).not.toBe('chatcmpl-1');
  });
});
