/**
 * A prompt plus requested output over a catalogue model's context window gets that provider's
 * context-length error before any fixture is matched, raised by each official SDK as its
 * BadRequestError / ApiError with the provider's code and words.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ApiError } from '@google/genai';
import { postRaw, startWith, type Harness } from '../helpers/server.js';
import { anthropicClient } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { countChatPromptTokens } from '../../src/generate/tokens.js';

const FIXTURES = `
fixtures:
  - response: { content: "fits" }
`;
// A small window, so a few words of prompt are enough to go over it.
const TINY = { id: 'tiny', context_window: 100, max_output_tokens: 60 };
const LONG = 'word '.repeat(150).trim();
const SHORT = 'hello there';

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': FIXTURES }, { models: [TINY, { id: 'gpt-4', context_window: 8192, max_output_tokens: 8192 }] });
});
afterAll(() => h.close());

const promptOf = (text: string) => countChatPromptTokens([{ role: 'user', text }]);

describe('OpenAI Chat Completions', () => {
  it('prompt + max_tokens over the window: BadRequestError context_length_exceeded, OpenAI\'s words', async () => {
    const p = promptOf(SHORT);
    const e = await h.client.chat.completions.create({ model: 'tiny', max_tokens: 95, messages: [{ role: 'user', content: SHORT }] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    const err = e as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err.code).toBe('context_length_exceeded');
    expect(err.param).toBe('messages');
    expect(err.type).toBe('invalid_request_error');
    expect(err.message).toContain(
      `This model's maximum context length is 100 tokens. However, you requested ${p + 95} tokens (${p} in the messages, 95 in the completion). Please reduce the length of the messages or completion.`,
    );
  });

  it('the prompt alone counts when no max_tokens is sent; a request that fits is answered', async () => {
    const e = await h.client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: LONG }] }).catch((err: unknown) => err);
    expect((e as { code?: string }).code).toBe('context_length_exceeded');
    expect((e as Error).message).toContain(`(${promptOf(LONG)} in the messages, 0 in the completion)`);
    const ok = await h.client.chat.completions.create({ model: 'tiny', max_tokens: 10, messages: [{ role: 'user', content: SHORT }] });
    expect(ok.choices[0].message.content).toBe('fits');
  });

  it('max_completion_tokens counts too; models outside the catalogue are never held to a window', async () => {
    const e = await h.client.chat.completions.create({ model: 'gpt-4', max_completion_tokens: 8190, messages: [{ role: 'user', content: SHORT }] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    const ok = await h.client.chat.completions.create({ model: 'some-other-model', max_tokens: 1_000_000, messages: [{ role: 'user', content: LONG }] });
    expect(ok.choices[0].message.content).toBe('fits');
  });

  it('LLMSim\'s /openai/v1 prefix answers the same error', async () => {
    const r = await postRaw(`${h.server.url}/openai/v1/chat/completions`, { model: 'tiny', messages: [{ role: 'user', content: LONG }] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toMatchObject({ type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' });
  });
});

describe('OpenAI Responses and legacy Completions', () => {
  it('Responses: BadRequestError context_length_exceeded on input', async () => {
    const e = await h.client.responses.create({ model: 'tiny', input: LONG }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect((e as { code?: string }).code).toBe('context_length_exceeded');
    expect((e as { param?: string }).param).toBe('input');
    expect((e as Error).message).toContain('Your input exceeds the context window of this model.');
  });

  it('Completions: the legacy wording, param prompt', async () => {
    const e = await h.client.completions.create({ model: 'tiny', prompt: SHORT, max_tokens: 99 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect((e as { code?: string }).code).toBe('context_length_exceeded');
    expect((e as Error).message).toMatch(/maximum context length is 100 tokens, however you requested \d+ tokens \(\d+ in your prompt; 99 for the completion\)/);
  });
});

describe('Anthropic Messages', () => {
  it('prompt over the window: "prompt is too long"', async () => {
    const e = await anthropicClient(h.server.url).messages.create({ model: 'tiny', max_tokens: 10, messages: [{ role: 'user', content: LONG }] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    expect((e as Error).message).toContain(`prompt is too long: ${promptOf(LONG)} tokens > 100 maximum`);
    expect((e as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('prompt + max_tokens over the window: "input length and `max_tokens` exceed context limit"', async () => {
    const p = promptOf(SHORT);
    const e = await anthropicClient(h.server.url).messages.create({ model: 'tiny', max_tokens: 99, messages: [{ role: 'user', content: SHORT }] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    expect((e as Error).message).toContain(`input length and \`max_tokens\` exceed context limit: ${p} + 99 > 100, decrease input length or \`max_tokens\` and try again`);
  });
});

describe('Gemini', () => {
  it('input over the window: 400 INVALID_ARGUMENT with Gemini\'s words', async () => {
    const e = await geminiClient(h.server.url).models.generateContent({ model: 'tiny', contents: LONG }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).message).toContain(`The input token count (${promptOf(LONG)}) exceeds the maximum number of tokens allowed (100).`);
    expect((e as ApiError).message).toContain('INVALID_ARGUMENT');
  });

  it('counts the input alone, as Gemini does: a large maxOutputTokens with a short prompt is answered', async () => {
    const r = await geminiClient(h.server.url).models.generateContent({ model: 'tiny', contents: SHORT, config: { maxOutputTokens: 99 } });
    expect(r.text).toBe('fits');
  });
});

describe('the server stays up', () => {
  it('a huge prompt is refused and the next request is served', async () => {
    const huge = 'lorem ipsum '.repeat(200_000);
    const r = await postRaw(`${h.server.url}/v1/chat/completions`, { model: 'gpt-4', messages: [{ role: 'user', content: huge }] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.code).toBe('context_length_exceeded');
    const ok = await h.client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: SHORT }] });
    expect(ok.choices[0].message.content).toBe('fits');
  });
});
