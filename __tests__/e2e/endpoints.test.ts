/** Legacy completions, models, health, close(). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chat, parseSse, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { model: "gpt-4o", user_message: "hello" }
    response: { content: "Hello from a fixture" }
    streaming: { chunk_size: 5 }
  - match: { model: { equals: "text-davinci-003" } }
    response: { content: "legacy" }
  - match: { model: { regex: "^o" } }
    response: { content: "not listed" }
  - match: { user_message: "slow stream" }
    response: { content: "0123456789" }
    streaming: { chunk_size: 1, latency: 200 }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': FIXTURES });
});
afterAll(() => h.close());

describe('legacy completions', () => {
  it('answers text_completion objects through the SDK', async () => {
    const res = await h.client.completions.create({ model: 'text-davinci-003', prompt: 'Say something' });
    expect(res.object).toBe('text_completion');
    expect(res.choices[0].text).toBe('legacy');
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams text chunks and [DONE]', async () => {
    const stream = await h.client.completions.create({ model: 'gpt-4o', prompt: 'hello', stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.text ?? '';
    expect(text).toBe('Hello from a fixture');
  });

  it('rejects a missing prompt', async () => {
    const res = await fetch(`${h.server.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o' }) });
    expect(res.status).toBe(400);
  });
});

describe('models and health', () => {
  it('lists the model catalogue, then the fixtures\' literal model names it lacks', async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids).toContain('gpt-4o');
    expect(ids.at(-1)).toBe('text-davinci-003');
    expect(ids.filter((id) => id === 'gpt-4o')).toHaveLength(1);
  });

  it('GET /health reports the fixtures and the seed', async () => {
    const res = await fetch(`${h.server.url}/health`);
    const body = (await res.json()) as { status: string; fixtures: number; seed: number };
    expect(body).toMatchObject({ status: 'ok', fixtures: 4, seed: 2112 });
  });
});

describe('client goes away', () => {
  it('the writer drops the stream (and its timers) when the client aborts', async () => {
    const inFlight = async () => ((await (await fetch(`${h.server.url}/health`)).json()) as { responses_in_flight: number }).responses_in_flight;
    const ac = new AbortController();
    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('slow stream', { stream: true })), signal: ac.signal });
    await res.body!.getReader().read();
    expect(await inFlight()).toBe(1);
    ac.abort();
    let n = 1;
    for (let i = 0; i < 50 && n !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      n = await inFlight();
    }
    expect(n).toBe(0);
  });
});

describe('close()', () => {
  it('ends open streams and is idempotent', async () => {
    const other = await startWith({ 'f.yaml': FIXTURES });
    const res = await fetch(`${other.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('slow stream', { stream: true })) });
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open
    const closed = Promise.all([other.server.close(), other.server.close()]);
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await closed;
    expect(parseSse(text).length).toBeLessThan(13);
    await other.close();
  });

  it('drops a response still waiting out its latency_ms instead of sending an empty 200', async () => {
    const other = await startWith({ 'f.yaml': 'fixtures:\n  - response: { content: "late" }\n    failure: { latency_ms: 5000 }\n' });
    const pending = fetch(`${other.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('x')) });
    // Wait until the server holds the request, then shut down.
    for (let i = 0; i < 100; i++) {
      const h2 = (await (await fetch(`${other.server.url}/health`)).json()) as { responses_in_flight: number };
      if (h2.responses_in_flight === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('hints for the usual setup mistakes', () => {
  it('a base URL without /v1 gets a 404 that says so (through the SDK, as a user sees it)', async () => {
    const OpenAI = (await import('openai')).default;
    const client = new OpenAI({ baseURL: h.server.url, apiKey: 'x', maxRetries: 0 });
    const err = (await client.chat.completions.create(chat('hello')).catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/base URL probably lacks \/v1/);
    const models = await fetch(`${h.server.url}/models`);
    expect(models.status).toBe(404);
    expect(((await models.json()) as { error: { message: string } }).error.message).toMatch(/GET \/v1\/models/);
  });

  it('/v1 twice says so too', async () => {
    const res = await fetch(`${h.server.url}/v1/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('hello')) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/starts with an extra \/v1: use POST \/v1\/chat\/completions/);
  });

  it('the no-match 404 names the nearest fixture and --diagnostics, never the prompt', async () => {
    const res = await fetch(`${h.server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat('hellp, a secret prompt')) });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toMatch(/^No fixture matched for model='gpt-4o' \(4 fixtures checked\)\. Nearest: f\.yaml#\d at f\.yaml:\d+\./);
    expect(error.message).toContain('--diagnostics');
    expect(error.message).not.toContain('secret');
  });
});
