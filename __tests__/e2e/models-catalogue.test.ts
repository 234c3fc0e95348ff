/**
 * The model catalogue through the official SDKs: OpenAI's `models.list()`/`retrieve()`,
 * Anthropic's (paged) `models.list()`/`retrieve()`, Gemini's `models.list()`/`get()`; unknown ids
 * get each provider's 404; the fixtures' own model ids stay listed; LLMSim's drop-in prefixes
 * (`/openai/v1`, `/anthropic`) answer too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ApiError } from '@google/genai';
import { startWith, type Harness } from '../helpers/server.js';
import { anthropicClient } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { DEFAULT_MODELS } from '../../src/index.js';

const FIXTURES = `
fixtures:
  - match: { model: "my-fixture-model" }
    response: { content: "from my model" }
  - match: { model: "gpt-4o" }
    response: { content: "from gpt-4o" }
  - response: { content: "anything" }
`;

/** A provider's list: its own catalogue models (and gpt-4o, which a fixture names), then the fixture-only id. */
const listOf = (hidden: string[], prefix = '') => [...DEFAULT_MODELS.filter((m) => !hidden.includes(m.ownedBy) || m.id === 'gpt-4o').map((m) => prefix + m.id), `${prefix}my-fixture-model`];
const ANTHROPIC_LIST = listOf(['openai', 'google']);

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': FIXTURES }, { freezeTime: 1_700_000_000 });
});
afterAll(() => h.close());

describe('OpenAI shape', () => {
  it('models.list() has the whole catalogue, then the fixtures\' ids it lacks', async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids).toEqual([...DEFAULT_MODELS.map((m) => m.id), 'my-fixture-model']);
    for (const id of ['gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-5.2', 'gpt-5-codex', 'o3', 'o3-mini', 'o4', 'o4-mini', 'gpt-4', 'gpt-4-turbo', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-6', 'gemini-2.5-pro']) {
      expect(ids).toContain(id);
    }
  });

  it('models.retrieve() answers a catalogue model with its limits, and a fixture\'s id', async () => {
    const m = (await h.client.models.retrieve('gpt-4o')) as OpenAI.Model & { context_window: number; max_output_tokens: number };
    expect(m).toEqual({ id: 'gpt-4o', object: 'model', created: 1715558400, owned_by: 'openai', context_window: 128_000, max_output_tokens: 16_384 });
    const f = await h.client.models.retrieve('my-fixture-model');
    expect(f).toEqual({ id: 'my-fixture-model', object: 'model', created: 1_700_000_000, owned_by: 'llmposter' });
  });

  it('an unknown id is OpenAI\'s 404 model_not_found', async () => {
    const e = await h.client.models.retrieve('gpt-99').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
    const err = e as InstanceType<typeof OpenAI.NotFoundError>;
    expect(err.status).toBe(404);
    expect(err.code).toBe('model_not_found');
    expect(err.type).toBe('invalid_request_error');
    expect(err.message).toContain('The model `gpt-99` does not exist');
  });

  it('LLMSim\'s /openai/v1 base URL lists, retrieves and chats', async () => {
    const client = new OpenAI({ baseURL: `${h.server.url}/openai/v1`, apiKey: 'k', maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toContain('gpt-5');
    expect((await client.models.retrieve('o3')).owned_by).toBe('openai');
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.choices[0].message.content).toBe('from gpt-4o');
  });
});

describe('Anthropic shape', () => {
  it('models.list() pages through Claude models and the fixtures\' ids, with display names and limits', async () => {
    const client = anthropicClient(h.server.url);
    const first = await client.models.list();
    expect(first.data.map((m) => m.id)).toEqual(ANTHROPIC_LIST);
    expect(first.has_more).toBe(false);
    const all: Anthropic.ModelInfo[] = [];
    for await (const m of client.models.list({ limit: 2 })) all.push(m);
    expect(all.map((m) => m.id)).toEqual(ANTHROPIC_LIST);
    expect(ANTHROPIC_LIST).toContain('claude-opus-4-5');
    expect(ANTHROPIC_LIST).not.toContain('gpt-5');
    const sonnet = all.find((m) => m.id === 'claude-sonnet-4-6')!;
    expect(sonnet).toMatchObject({ type: 'model', display_name: 'Claude Sonnet 4.6', max_input_tokens: 1_000_000, max_tokens: 64_000 });
    expect(sonnet.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('models.retrieve() and an unknown id\'s NotFoundError', async () => {
    const client = anthropicClient(h.server.url);
    expect(await client.models.retrieve('claude-haiku-4-5')).toMatchObject({ type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', max_input_tokens: 200_000 });
    const e = await client.models.retrieve('claude-nope').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Anthropic.NotFoundError);
    expect((e as InstanceType<typeof Anthropic.NotFoundError>).message).toContain('model: claude-nope');
    // Another provider's catalogue model is not Anthropic's (OpenAI's list has every model).
    await expect(client.models.retrieve('gpt-5')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect((await h.client.models.retrieve('claude-haiku-4-5')).owned_by).toBe('anthropic');
  });

  it('LLMSim\'s /anthropic base URL: models and messages', async () => {
    const client = new Anthropic({ baseURL: `${h.server.url}/anthropic`, apiKey: 'k', maxRetries: 0 });
    expect((await client.models.retrieve('claude-opus-4-5')).display_name).toBe('Claude Opus 4.5');
    const page = await client.models.list({ limit: 3 });
    expect(page.data.map((m) => m.id)).toEqual(ANTHROPIC_LIST.slice(0, 3));
    const msg = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.content).toEqual([{ type: 'text', text: 'anything', citations: null }].map(({ type, text }) => expect.objectContaining({ type, text })));
  });

  it('a bad limit is a 400 in Anthropic\'s shape', async () => {
    const res = await fetch(`${h.server.url}/anthropic/v1/models?limit=0`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});

describe('Gemini shape', () => {
  it('models.list() pages through Gemini models and the fixtures\' ids', async () => {
    const ai = geminiClient(h.server.url);
    const names: string[] = [];
    const pager = await ai.models.list({ config: { pageSize: 2 } });
    for await (const m of pager) names.push(m.name!);
    expect(names).toEqual(listOf(['openai', 'anthropic'], 'models/'));
    expect(names).toContain('models/gemini-2.5-flash');
  });

  it('models.get() answers name, displayName and the limits', async () => {
    const m = await geminiClient(h.server.url).models.get({ model: 'gemini-2.5-pro' });
    expect(m).toMatchObject({ name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 });
    expect(m.supportedActions).toContain('generateContent');
    // The stable API version (`/v1/models/...`, shared with OpenAI) answers the Google client too.
    const v1 = await geminiClient(h.server.url, 'v1').models.get({ model: 'models/gemini-2.5-flash' });
    expect(v1.inputTokenLimit).toBe(1_048_576);
  });

  it('an unknown model is a 404 ApiError', async () => {
    const e = await geminiClient(h.server.url).models.get({ model: 'gemini-nope' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(404);
    expect((e as ApiError).message).toContain('models/gemini-nope is not found');
    await expect(geminiClient(h.server.url).models.get({ model: 'claude-opus-4-5' })).rejects.toMatchObject({ status: 404 });
  });

  it('GET on a generation method is a 404 naming the verb', async () => {
    const res = await fetch(`${h.server.url}/v1beta/models/gemini-2.5-pro:generateContent`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Method not found: :generateContent is called with POST, not GET.');
  });

  it('a bad page token or size is a 400 INVALID_ARGUMENT', async () => {
    for (const q of ['pageToken=xyz', 'pageSize=-1', 'pageToken=99999']) {
      const res = await fetch(`${h.server.url}/v1beta/models?${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('the `models` option', () => {
  it('replaces the catalogue; the fixtures\' ids stay listed', async () => {
    const h2 = await startWith({ 'f.yaml': FIXTURES }, { models: [{ id: 'house-model', context_window: 4096, max_output_tokens: 512, owned_by: 'acme', display_name: 'House' }] });
    try {
      const ids: string[] = [];
      for await (const m of h2.client.models.list()) ids.push(m.id);
      expect(ids).toEqual(['house-model', 'my-fixture-model', 'gpt-4o']);
      expect(await h2.client.models.retrieve('house-model')).toMatchObject({ owned_by: 'acme', created: 0, context_window: 4096, max_output_tokens: 512 });
      expect(await anthropicClient(h2.server.url).models.retrieve('house-model')).toMatchObject({ display_name: 'House', max_input_tokens: 4096, max_tokens: 512 });
    } finally {
      await h2.close();
    }
  });

  it('an invalid list refuses to start, naming each problem', async () => {
    await expect(startWith({}, { models: [{ id: '', context_window: -1, max_output_tokens: 10 }] as never })).rejects.toThrow(
      /\[0\]\.id: must be a non-empty string.*\[0\]\.context_window: must be a positive whole number/,
    );
  });
});
