/**
 * LLMSim's generators as clients see them: fixtures with `response: {generate}`, the server's
 * `generate` option for requests no fixture matches (after load chaos' response modes), the
 * request's max output tokens cutting a generated answer with each provider's length finish
 * reason, streamed and not, through the official SDKs. Token counts are checked with the same
 * tokenizer the server uses.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { CHAOS_OFF_CONFIG, mergeChaosConfig } from '../../src/chaos/config.js';
import { countTokens } from '../../src/generate/tokens.js';
import { GeneratorSpecError, startServer } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "lorem please" }
    response:
      generate: { kind: lorem, target_tokens: 40 }
  - match: { user_message: "words please" }
    response:
      generate: { kind: random, target_tokens: 300 }
  - match: { user_message: "count please" }
    response:
      generate: { kind: sequence, target_tokens: 9 }
  - match: { user_message: "fixed please" }
    response: { generate: "fixed:Hello, World. Case Kept." }
  - match: { user_message: "echo please" }
    response: { generate: echo }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'gen.yaml': FIXTURES });
});
afterAll(() => h.close());

describe('generated fixture answers', () => {
  it('lorem: exactly target_tokens tokens, reported as the usage', async () => {
    const r = await h.client.chat.completions.create(chat('lorem please'));
    const text = r.choices[0].message.content!;
    expect(text).toMatch(/^[A-Z][a-z]+ .*\.$/);
    expect(countTokens(text)).toBe(40);
    expect(r.usage?.completion_tokens).toBe(40);
    expect(r.choices[0].finish_reason).toBe('stop');
  });

  it('sequence and fixed are exact texts; fixed keeps its case', async () => {
    expect((await h.client.chat.completions.create(chat('count please'))).choices[0].message.content).toBe('1 2 3 4 5');
    expect((await h.client.chat.completions.create(chat('fixed please'))).choices[0].message.content).toBe('Hello, World. Case Kept.');
    expect((await h.client.chat.completions.create(chat('echo please'))).choices[0].message.content).toBe('Echo: echo please');
  });

  it('is seeded by the request: the same x-llmposter-seed replays the text, another seed changes it', async () => {
    const get = async (seed: string) => (await h.client.chat.completions.create(chat('words please'), { headers: { 'x-llmposter-seed': seed } })).choices[0].message.content;
    const a = await get('7');
    expect(await get('7')).toBe(a);
    expect(await get('8')).not.toBe(a);
  });

  it('streams a generated answer whole, in order', async () => {
    const stream = await h.client.chat.completions.create({ ...chat('words please'), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      if (c.usage) usage = c.usage;
    }
    expect(countTokens(text)).toBe(300);
    expect(usage?.completion_tokens).toBe(300);
  });
});

describe('the request\'s max output tokens cut a generated answer (length finish, usage = tokens sent)', () => {
  it('OpenAI Chat Completions: finish_reason length', async () => {
    const r = await h.client.chat.completions.create(chat('words please', { max_tokens: 7 }));
    expect(r.choices[0].finish_reason).toBe('length');
    expect(countTokens(r.choices[0].message.content!)).toBe(7);
    expect(r.usage?.completion_tokens).toBe(7);
    // max_completion_tokens is the same limit.
    expect((await h.client.chat.completions.create(chat('lorem please', { max_completion_tokens: 39 }))).usage?.completion_tokens).toBe(39);
  });

  it('OpenAI streaming: the last chunk says length, the text is cut', async () => {
    const stream = await h.client.chat.completions.create({ ...chat('words please', { max_tokens: 12 }), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    expect(finish).toBe('length');
    expect(countTokens(text)).toBe(12);
    expect(usage?.completion_tokens).toBe(12);
  });

  it('a limit the answer fits in changes nothing', async () => {
    const r = await h.client.chat.completions.create(chat('lorem please', { max_tokens: 40 }));
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.usage?.completion_tokens).toBe(40);
  });

  it('a fixed text is cut at a token boundary too', async () => {
    const r = await h.client.chat.completions.create(chat('fixed please', { max_tokens: 3 }));
    expect(r.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Hello, World' } });
    expect(r.usage?.completion_tokens).toBe(3);
  });

  it('Anthropic Messages: stop_reason max_tokens, streamed or not', async () => {
    const client = anthropicClient(h.server.url);
    const m = await client.messages.create(ask('words please', { max_tokens: 9 }));
    expect(m.stop_reason).toBe('max_tokens');
    const text = m.content[0].type === 'text' ? m.content[0].text : '';
    expect(countTokens(text)).toBe(9);
    expect(m.usage.output_tokens).toBe(9);
    const streamed = await client.messages.stream(ask('words please', { max_tokens: 9 })).finalMessage();
    expect(streamed.stop_reason).toBe('max_tokens');
    expect(streamed.usage.output_tokens).toBe(9);
  });

  it('Gemini: finishReason MAX_TOKENS, candidatesTokenCount = tokens sent', async () => {
    const ai = geminiClient(h.server.url);
    const r = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'words please', config: { maxOutputTokens: 11 } });
    expect(r.candidates?.[0].finishReason).toBe('MAX_TOKENS');
    expect(countTokens(r.text ?? '')).toBe(11);
    expect(r.usageMetadata?.candidatesTokenCount).toBe(11);
  });

  it('Responses: status incomplete with incomplete_details.reason max_output_tokens', async () => {
    const r = await h.client.responses.create({ model: 'gpt-4o', input: 'words please', max_output_tokens: 16 });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(countTokens(r.output_text)).toBe(16);
    expect(r.usage?.output_tokens).toBe(16);
  });
});

describe('the server-level generator (for requests no fixture matches)', () => {
  it('answers every miss, names itself in x-llmposter-generated, and a fixture still wins', async () => {
    const g = await startWith({ 'gen.yaml': FIXTURES }, { generate: { kind: 'sequence', targetTokens: 7 } });
    try {
      const miss = await postRaw(`${g.server.url}/v1/chat/completions`, chat('no fixture for this'));
      expect(miss.status).toBe(200);
      expect(miss.headers.get('x-llmposter-generated')).toBe('sequence');
      expect(JSON.parse(miss.text).choices[0].message.content).toBe('1 2 3 4');
      expect((await g.client.chat.completions.create(chat('fixed please'))).choices[0].message.content).toBe('Hello, World. Case Kept.');
      // Cut like any generated answer.
      expect((await g.client.chat.completions.create(chat('miss', { max_tokens: 3 }))).choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '1 2' } });
    } finally {
      await g.close();
    }
  });

  it("load chaos' response mode answers first; --generate answers when chaos has no mode", async () => {
    const both = await startWith({}, { generate: 'fixed:From the generator', chaos: mergeChaosConfig(CHAOS_OFF_CONFIG, { response: { mode: 'echo' } }) });
    try {
      expect((await both.client.chat.completions.create(chat('ping'))).choices[0].message.content).toBe('Echo: ping');
      // Load chaos' answers are cut by the same rule.
      expect((await both.client.chat.completions.create(chat('one two three four five six', { max_tokens: 3 }))).choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Echo: one' } });
    } finally {
      await both.close();
    }
    const chaosNoMode = await startWith({}, { generate: 'fixed:From the generator', chaos: CHAOS_OFF_CONFIG });
    try {
      expect((await chaosNoMode.client.chat.completions.create(chat('ping'))).choices[0].message.content).toBe('From the generator');
    } finally {
      await chaosNoMode.close();
    }
  });

  it('refuses a bad generator at start, with a message naming the fix', async () => {
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, generate: 'lorum' })).rejects.toThrow(GeneratorSpecError);
    await expect(startServer({ port: 0, logger: silentLogger, env: {}, generate: { kind: 'echo', targetTokens: 5 } })).rejects.toThrow(/target_tokens sizes lorem, random and sequence/);
  });
});
