/**
 * Stateful RPM/TPM limits (LLMSim's), black-box: the official SDKs and raw HTTP against a real
 * server whose clock is a fake one, so refill is driven by `advance()`, never by sleeping.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError } from '@google/genai';
import { createFakeClock, type FakeClock } from '../../src/time/fake-clock.js';
import { countChatPromptTokens } from '../../src/generate/tokens.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';
import type { StartServerOptions } from '../../src/index.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "fixture 429" }
    error: { status: 429, message: "Slow down" }
  - response: { content: "ok" }
`;

let h: Harness | undefined;
let clock: FakeClock;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function serve(rateLimits: StartServerOptions['rateLimits']): Promise<Harness> {
  clock = createFakeClock({ unixSeconds: 1_700_000_000 });
  h = await startWith({ 'f.yaml': FIXTURES }, { clock, rateLimits });
  return h;
}

const url = () => `${h!.server.url}/v1/chat/completions`;
const post = (body: unknown = chat('hi'), headers: Record<string, string> = { authorization: 'Bearer sk-a' }) => postRaw(url(), body, headers);

describe('rate limits: OpenAI routes', () => {
  it('counts the request headers down request by request, then answers 429 with an accurate retry-after', async () => {
    await serve({ default: { rpm: 3 } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post();
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-limit-requests')).toBe('3');
      remaining.push(r.headers.get('x-ratelimit-remaining-requests')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const last = await post();
    expect(last.status).toBe(429);
    // One request comes back every 20 s at 3 RPM.
    expect(last.headers.get('retry-after')).toBe('20');
    expect(last.headers.get('retry-after-ms')).toBe('20000');
    expect(last.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    const body = JSON.parse(last.text);
    expect(body.error.code).toBe('rate_limit_exceeded');
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toBe('Rate limit reached for gpt-4o in organization org-llmposter on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.');
    // Only the budgets that are set: no stand-in token headers beside the real request counts.
    expect(last.headers.get('x-ratelimit-limit-tokens')).toBeNull();
    expect(last.headers.get('x-ratelimit-remaining-tokens')).toBeNull();
  });

  it('a streamed answer carries the headers too', async () => {
    await serve({ default: { rpm: 5 } });
    const r = await post(chat('hi', { stream: true }));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('4');
  });

  it('the SDK raises RateLimitError; the bucket refills as the clock moves', async () => {
    await serve({ default: { rpm: 2 } });
    const client = new OpenAI({ baseURL: `${h!.server.url}/v1`, apiKey: 'sk-sdk', maxRetries: 0 });
    await client.chat.completions.create(chat('hi'));
    await client.chat.completions.create(chat('hi'));
    const err = await client.chat.completions.create(chat('hi')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('30');
    clock.advance(29_999);
    await expect(client.chat.completions.create(chat('hi'))).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    clock.advance(1);
    const { data, response } = await client.chat.completions.create(chat('hi')).withResponse();
    expect(data.choices[0]!.message.content).toBe('ok');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    // Half a request's worth of refill: the reset says how long until the bucket is full.
    clock.advance(15_000);
    const r = await postRaw(url(), chat('hi'), { authorization: 'Bearer sk-sdk' });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after-ms')).toBe('15000');
    expect(r.headers.get('x-ratelimit-reset-requests')).toBe('45s');
  });

  it('charges prompt tokens plus max output tokens against TPM', async () => {
    await serve({ default: { tpm: 1000 } });
    const prompt = countChatPromptTokens([{ role: 'user', text: 'hi' }]);
    const a = await post(chat('hi', { max_tokens: 100 }));
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(a.headers.get('x-ratelimit-remaining-tokens')).toBe(String(1000 - prompt - 100));
    expect(a.headers.get('x-ratelimit-limit-requests')).toBeNull();
    // No maximum named: the prompt alone.
    const b = await post(chat('hi'));
    expect(b.headers.get('x-ratelimit-remaining-tokens')).toBe(String(1000 - 2 * prompt - 100));
    const c = await post(chat('hi', { max_completion_tokens: 900 }));
    expect(c.status).toBe(429);
    expect(JSON.parse(c.text).error.message).toMatch(/on tokens per min \(TPM\): Limit 1000, Used \d+, Requested \d+\. Please try again in/);
    // Nothing was spent by the refused request.
    expect(c.headers.get('x-ratelimit-remaining-tokens')).toBe(String(1000 - 2 * prompt - 100));
    // A request larger than the whole budget can never pass.
    const big = await post(chat('hi', { max_tokens: 5000 }));
    expect(big.status).toBe(429);
    expect(JSON.parse(big.text).error.message).toMatch(/^Request too large for gpt-4o .* Limit 1000, Requested \d+\. The input or output tokens must be reduced/);
    // Waiting will not help, so no retry-after.
    expect(big.headers.get('retry-after')).toBeNull();
  });

  it('keeps separate buckets per API key (Bearer, x-api-key and api-key name the same key) and one for requests without a key', async () => {
    await serve({ default: { rpm: 1 } });
    expect((await post(chat('hi'), { authorization: 'Bearer sk-a' })).status).toBe(200);
    expect((await post(chat('hi'), { 'x-api-key': 'sk-a' })).status).toBe(429);
    expect((await post(chat('hi'), { 'api-key': 'sk-a' })).status).toBe(429);
    expect((await post(chat('hi'), { authorization: 'Bearer sk-b' })).status).toBe(200);
    expect((await post(chat('hi'), {})).status).toBe(200);
    const anon = await post(chat('hi'), {});
    expect(anon.status).toBe(429);
    // The key is never echoed back.
    expect(anon.text).not.toContain('sk-');
  });

  it('a per-model override has its own limits and buckets; other models use the default', async () => {
    await serve({ default: { rpm: 5 }, models: { 'gpt-4o-mini': { rpm: 1 } } });
    const mini = await post(chat('hi', { model: 'gpt-4o-mini' }));
    expect(mini.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect((await post(chat('hi', { model: 'gpt-4o-mini' }))).status).toBe(429);
    const other = await post(chat('hi'));
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(other.headers.get('x-ratelimit-remaining-requests')).toBe('4');
  });

  it("the limiter's headers win over a fixture 429's defaults; a refused request never reaches the fixtures", async () => {
    await serve({ default: { rpm: 2 } });
    const fx = await post(chat('fixture 429'));
    expect(fx.status).toBe(429);
    expect(JSON.parse(fx.text).error.message).toBe('Slow down');
    expect(fx.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(fx.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await post();
    const refused = await post(chat('fixture 429'));
    expect(JSON.parse(refused.text).error.message).toMatch(/^Rate limit reached/);
    expect(refused.headers.get('x-llmposter-fixture')).toBeNull();
  });

  it('tracks at most max_keys keys: the least recently seen one starts afresh', async () => {
    await serve({ default: { rpm: 1 }, maxKeys: 2 });
    const as = (key: string) => post(chat('hi'), { authorization: `Bearer ${key}` });
    expect((await as('k1')).status).toBe(200);
    expect((await as('k2')).status).toBe(200);
    expect((await as('k1')).status).toBe(429); // k1 is now the most recently seen
    expect((await as('k3')).status).toBe(200); // forgets k2
    expect((await as('k1')).status).toBe(429);
    expect((await as('k2')).status).toBe(200);
  });

  it('POST /admin/reset fills every bucket again', async () => {
    await serve({ default: { rpm: 1 } });
    await post();
    expect((await post()).status).toBe(429);
    expect((await fetch(`${h!.server.url}/admin/reset`, { method: 'POST' })).status).toBe(200);
    expect((await post()).status).toBe(200);
  });

  it('limits are off by default: no rate-limit headers on a success', async () => {
    await serve(undefined);
    const r = await post();
    expect(r.status).toBe(200);
    expect([...r.headers.keys()].filter((k) => k.includes('ratelimit'))).toEqual([]);
  });

  it('rejects a bad programmatic config with a clear error', async () => {
    await expect(serve({ default: { rpm: 0 } })).rejects.toThrow(/default\.rpm must be a whole number of at least 1, got 0/);
    await expect(serve({ models: { 'gpt-4o': { rpn: 3 } } } as never)).rejects.toThrow(/unknown key 'rpn'/);
  });

  it('a bad body is still a 400, not charged', async () => {
    await serve({ default: { rpm: 1 } });
    expect((await post('{nope')).status).toBe(400);
    expect((await post()).status).toBe(200);
  });
});

describe('rate limits: Anthropic and Gemini routes', () => {
  it("Anthropic: anthropic-ratelimit-* headers with RFC 3339 resets; the SDK's RateLimitError", async () => {
    await serve({ default: { rpm: 2, tpm: 100_000 } });
    const client = anthropicClient(h!.server.url);
    const { response } = await client.messages.create(ask('hi')).withResponse();
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('2');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('1');
    // 1 request of 2 spent refills in 30 s.
    expect(response.headers.get('anthropic-ratelimit-requests-reset')).toBe('2023-11-14T22:13:50Z');
    expect(response.headers.get('anthropic-ratelimit-tokens-limit')).toBe('100000');
    expect(Number(response.headers.get('anthropic-ratelimit-tokens-remaining'))).toBeLessThanOrEqual(100_000 - 1024);
    expect(response.headers.get('anthropic-ratelimit-input-tokens-limit')).toBe('100000');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    await client.messages.create(ask('hi'));
    const err = await client.messages.create(ask('hi')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.headers.get('retry-after')).toBe('30');
    expect(e.headers.get('retry-after-ms')).toBeNull();
    expect((e.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('Gemini: 429 RESOURCE_EXHAUSTED through @google/genai, no rate-limit headers', async () => {
    await serve({ default: { rpm: 1 } });
    const ai = geminiClient(h!.server.url);
    await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' });
    const err = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(429);
    expect((err as ApiError).message).toContain('RESOURCE_EXHAUSTED');
    const raw = await postRaw(`${h!.server.url}/v1beta/models/gemini-2.0-flash:generateContent`, { contents: [{ parts: [{ text: 'hi' }] }] }, { 'x-goog-api-key': 'other' });
    expect(raw.status).toBe(200);
    expect([...raw.headers.keys()].filter((k) => k.includes('ratelimit'))).toEqual([]);
  });
});
