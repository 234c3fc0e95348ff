/** Azure OpenAI (/openai/deployments/{deployment}/...?api-version=), through the SDK's AzureOpenAI client. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI, { AzureOpenAI } from 'openai';
import { parseSse, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - name: azure-hello
    provider: azure
    match: { user_message: "hello" }
    response: { content: "Hello from Azure" }
  - name: openai-hello
    provider: openai
    match: { user_message: "hello" }
    response: { content: "Hello from OpenAI" }
  - provider: openai
    match: { user_message: "openai only" }
    response: { content: "not on azure" }
  - match: { user_message: "which deployment" }
    response: { content_template: "model={{ model }} provider={{ provider }}" }
  - match: { user_message: "only prod", model: "prod-gpt4o" }
    response: { content: "prod deployment" }
  - match: { user_message: "stream me" }
    response: { content: "One two three four five six seven eight nine ten." }
    streaming: { chunk_size: 7 }
  - match: { user_message: "weather" }
    response:
      tool_calls:
        - { name: get_weather, arguments: { city: "Paris" } }
        - { name: get_time, arguments: { tz: "Europe/Paris" } }
    streaming: { chunk_size: 5 }
  - match: { user_message: "pirate", system_prompt: "pirate" }
    response: { content: "Arr" }
  - match: { user_message: "keyed", headers: { api-key: "secret-1" } }
    response: { content: "right key" }
  - match: { user_message: "rate limit" }
    error: { status: 429, message: "Slow down", headers: { retry-after: "2" } }
  - match: { user_message: "server broke" }
    error: { status: 503, message: "Try later" }
  - match: { user_message: "forbidden" }
    error: { status: 403, message: "Not for you" }
  - match: { user_message: "no thanks" }
    refusal: { reason: "I can't help with that." }
  - match: { user_message: "truncate" }
    response: { content: "abcdefghij" }
    streaming: { chunk_size: 2 }
    failure: { truncate_after_frames: 3 }
  - match: { user_message: "disconnect" }
    response: { content: "a long answer that takes a while to stream out" }
    streaming: { chunk_size: 2, latency: 20 }
    failure: { disconnect_after_ms: 60 }
  - match: { user_message: "corrupt" }
    response: { content: "never seen" }
    failure: { corrupt_body: true }
  - match: { user_message: "mid-stream error" }
    response: { content: "abcdefgh" }
    streaming: { chunk_size: 2 }
    failure: { stream_error: { after_frames: 3, status: 529, message: "Overloaded, try later" } }
  - match: { user_message: "flaky" }
    sequence:
      - error: { status: 429, message: "Busy" }
      - response: { content: "Third time lucky" }
  - name: azure-vector
    provider: azure
    match: { user_message: { equals: "fixed" } }
    response: { embedding: [0.5, -0.5] }
  - match: { user_message: "legacy" }
    response: { content: "completed text" }
`;

const API_VERSION = '2024-10-21';
const DEPLOYMENT = 'my-gpt4o';

let h: Harness;
let azure: AzureOpenAI;
beforeAll(async () => {
  h = await startWith({ 'azure.yaml': FIXTURES });
  azure = client(DEPLOYMENT);
});
afterAll(() => h.close());

function client(deployment?: string, extra: Partial<ConstructorParameters<typeof AzureOpenAI>[0]> = {}) {
  return new AzureOpenAI({ endpoint: h.server.url, apiKey: 'azure-key', apiVersion: API_VERSION, deployment, maxRetries: 0, ...extra });
}

/** A one-turn chat body; `extra` is typed so the SDK's stream overloads resolve. */
const say = <E extends object = {}>(content: string, extra?: E) => ({ model: 'ignored-by-azure', messages: [{ role: 'user' as const, content }], ...(extra as E) });
const chatUrl = (deployment = DEPLOYMENT, query = `?api-version=${API_VERSION}`) => `${h.server.url}/openai/deployments/${deployment}/chat/completions${query}`;

async function drain<T>(s: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const c of s) out.push(c);
  return out;
}

describe('chat completions', () => {
  it('answers with the fixture text; the deployment is the response model', async () => {
    const res = await azure.chat.completions.create(say('hello'));
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe(DEPLOYMENT);
    expect(res.choices[0].message.content).toBe('Hello from Azure');
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage?.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it('provider: azure fixtures answer only here, provider: openai only on /v1', async () => {
    const openai = await h.client.chat.completions.create(say('hello'));
    expect(openai.choices[0].message.content).toBe('Hello from OpenAI');
    expect((await azure.chat.completions.create(say('hello'))).choices[0].message.content).toBe('Hello from Azure');
    expect((await h.client.chat.completions.create(say('openai only'))).choices[0].message.content).toBe('not on azure');
    await expect(azure.chat.completions.create(say('openai only'))).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('the deployment is the model for matching and templates (the body model is ignored), provider is azure', async () => {
    const res = await client('prod-gpt4o').chat.completions.create(say('which deployment'));
    expect(res.choices[0].message.content).toBe('model=prod-gpt4o provider=azure');
    expect((await client('prod-gpt4o').chat.completions.create(say('only prod'))).choices[0].message.content).toBe('prod deployment');
    await expect(client('dev-gpt4o').chat.completions.create(say('only prod'))).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('without a client deployment the SDK puts the body model in the path', async () => {
    const res = await client(undefined).chat.completions.create({ ...say('which deployment'), model: 'from-body' });
    expect(res.choices[0].message.content).toBe('model=from-body provider=azure');
  });

  it('a body without model is fine (Azure does not need it)', async () => {
    const res = await postRaw(chatUrl(), { messages: [{ role: 'user', content: 'hello' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-llmposter-fixture')).toBe('azure.yaml#0');
    const body = JSON.parse(res.text);
    expect([body.object, body.model, body.choices[0].message]).toEqual(['chat.completion', DEPLOYMENT, { role: 'assistant', content: 'Hello from Azure', refusal: null }]);
  });

  it('the api-key header is sent and can be matched', async () => {
    expect((await client(DEPLOYMENT, { apiKey: 'secret-1' }).chat.completions.create(say('keyed'))).choices[0].message.content).toBe('right key');
    await expect(client(DEPLOYMENT, { apiKey: 'other' }).chat.completions.create(say('keyed'))).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('system prompt matching', async () => {
    const res = await azure.chat.completions.create({ model: 'x', messages: [{ role: 'system', content: 'You are a pirate.' }, { role: 'user', content: 'pirate' }] });
    expect(res.choices[0].message.content).toBe('Arr');
  });

  it('streams text', async () => {
    const chunks = await drain(await azure.chat.completions.create(say('stream me', { stream: true as const })));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('One two three four five six seven eight nine ten.');
    expect(chunks.every((c) => c.model === DEPLOYMENT)).toBe(true);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
  });

  it('streams usage when asked (stream_options.include_usage)', async () => {
    const chunks = await drain(await azure.chat.completions.create(say('stream me', { stream: true as const, stream_options: { include_usage: true } })));
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('tool calls, not streamed', async () => {
    const res = await azure.chat.completions.create(say('weather'));
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    const calls = res.choices[0].message.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>;
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(calls[0].id).toMatch(/^call_/);
  });

  it('tool calls, streamed (the SDK helper assembles them)', async () => {
    const stream = azure.chat.completions.stream(say('weather'));
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0].message.tool_calls as Array<{ function: { name: string; arguments: string } }>;
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
  });

  it('refusal', async () => {
    const res = await azure.chat.completions.create(say('no thanks'));
    expect(res.choices[0].message.refusal).toBe("I can't help with that.");
  });
});

describe('errors in the OpenAI shape, raised as the SDK error for the status', () => {
  it('429 -> RateLimitError with retry-after', async () => {
    const err = (await azure.chat.completions.create(say('rate limit')).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('2');
    expect(err.error).toMatchObject({ message: 'Slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('503 -> InternalServerError, 403 -> PermissionDeniedError', async () => {
    await expect(azure.chat.completions.create(say('server broke'))).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(azure.chat.completions.create(say('forbidden'))).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('no fixture -> 404 naming the deployment', async () => {
    const err = (await azure.chat.completions.create(say('nothing matches this')).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.message).toContain(`No fixture matched for model='${DEPLOYMENT}'`);
  });

  it('a missing api-version is a 404 like the real service, saying what is missing', async () => {
    const res = await postRaw(chatUrl(DEPLOYMENT, ''), say('hello'));
    expect(res.status).toBe(404);
    const e = JSON.parse(res.text).error;
    expect([e.type, e.code, e.param]).toEqual(['not_found_error', 'not_found', 'api-version']);
    expect(e.message).toContain('api-version query parameter');
    expect((await postRaw(chatUrl(DEPLOYMENT, '?api-version='), say('hello'))).status).toBe(404);
    expect((await postRaw(chatUrl(DEPLOYMENT, '?other=1'), say('hello'))).status).toBe(404);
  });

  it('bad input: OpenAI 400s, never a 5xx, and the server stays up', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "Missing required parameter: 'messages'."],
      [{ messages: 'hi' }, "Invalid 'messages'"],
      [{ messages: [{ role: 'user', content: 'hi' }], stream: 'yes' }, "Invalid type for 'stream'"],
      ['{"messages": [', 'We could not parse the JSON body'],
      ['[1]', 'The request body must be a JSON object.'],
    ];
    for (const [body, message] of cases) {
      const res = await postRaw(chatUrl(), body);
      expect([res.status, JSON.parse(res.text).error.type]).toEqual([400, 'invalid_request_error']);
      expect(JSON.parse(res.text).error.message).toContain(message);
    }
    expect((await azure.chat.completions.create(say('hello'))).choices[0].message.content).toBe('Hello from Azure');
  });
});

describe('fixture features through the Azure routes', () => {
  it('sequence: a 429, then the answer', async () => {
    await expect(azure.chat.completions.create(say('flaky'))).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect((await azure.chat.completions.create(say('flaky'))).choices[0].message.content).toBe('Third time lucky');
  });

  it('--diagnostics: the no-match 404 names the nearest fixture inside the OpenAI error object', async () => {
    const d = await startWith({ 'azure.yaml': FIXTURES }, { diagnostics: true });
    try {
      const res = await postRaw(`${d.server.url}/openai/deployments/dev-gpt4o/chat/completions?api-version=${API_VERSION}`, say('only prod'));
      expect(res.status).toBe(404);
      const e = JSON.parse(res.text).error;
      expect(e.type).toBe('not_found_error');
      expect(e.message).toContain("No fixture matched for model='dev-gpt4o'");
      expect(e.nearest.fixture).toMatch(/^azure\.yaml#/);
      // The nearest is a provider: azure fixture: its provider check passed for this request.
      expect(e.nearest.fields).toEqual(expect.arrayContaining([{ field: 'provider', passed: true, expected: 'azure' }]));
      expect(e.nearest.fields.some((f: { passed: boolean }) => !f.passed)).toBe(true);
    } finally {
      await d.close();
    }
  });
});

describe('failures on the Azure stream', () => {
  it('truncate_after_frames: N frames, no finish, no [DONE]', async () => {
    const finishes = (await drain(await azure.chat.completions.create(say('truncate', { stream: true as const })))).map((c) => c.choices[0]?.finish_reason);
    expect(finishes).toEqual([null, null, null]);
    const raw = await postRaw(chatUrl(), say('truncate', { stream: true as const }));
    expect(parseSse(raw.text)).toHaveLength(3);
    expect(raw.text).not.toContain('[DONE]');
  });

  it('disconnect_after_ms: the stream iterator raises', async () => {
    const s = await azure.chat.completions.create(say('disconnect', { stream: true as const }));
    await expect(drain(s)).rejects.toThrow();
  });

  it('corrupt_body: 200 text/plain `overloaded` when not streamed', async () => {
    const res = await postRaw(chatUrl(), say('corrupt'));
    expect([res.status, res.text]).toEqual([200, 'overloaded']);
  });

  it('stream_error: the chunks before it, then an APIError from the iterator', async () => {
    const s = await azure.chat.completions.create(say('mid-stream error', { stream: true as const }));
    const deltas: unknown[] = [];
    const err = await (async () => {
      for await (const c of s) deltas.push(c.choices[0]?.delta.content);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('Overloaded, try later');
    expect(deltas).toEqual(['', 'ab', 'cd']);
  });
});

describe('legacy completions and embeddings', () => {
  it('completions at /openai/deployments/{deployment}/completions', async () => {
    const res = await azure.completions.create({ model: 'x', prompt: 'legacy' });
    expect(res.object).toBe('text_completion');
    expect(res.model).toBe(DEPLOYMENT);
    expect(res.choices[0].text).toBe('completed text');
  });

  it('embeddings: one vector per input (SDK base64 default), a provider: azure fixture vector', async () => {
    const emb = client('my-embedder');
    const res = await emb.embeddings.create({ model: 'x', input: ['some text', 'fixed'] });
    expect(res.model).toBe('my-embedder');
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.data[0].embedding).toHaveLength(1536);
    expect(res.data[1].embedding).toEqual([0.5, -0.5]);
    // The same fixture is not an OpenAI one.
    const openai = await h.client.embeddings.create({ model: 'x', input: 'fixed', encoding_format: 'float' });
    expect(openai.data[0].embedding).toHaveLength(1536);
  });

  it('embeddings: the deployment is the model the generated vector depends on', async () => {
    const a = await client('embedder-a').embeddings.create({ model: 'same', input: 'text', encoding_format: 'float' });
    const b = await client('embedder-b').embeddings.create({ model: 'same', input: 'text', encoding_format: 'float' });
    const again = await client('embedder-a').embeddings.create({ model: 'other', input: 'text', encoding_format: 'float' });
    expect(a.data[0].embedding).not.toEqual(b.data[0].embedding);
    expect(again.data[0].embedding).toEqual(a.data[0].embedding);
  });

  it('embeddings bad input is an OpenAI 400', async () => {
    const res = await postRaw(`${h.server.url}/openai/deployments/e/embeddings?api-version=${API_VERSION}`, { input: '' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.param).toBe('input');
  });
});

describe('the v1 routes (/openai/v1, model in the body, no api-version)', () => {
  it('an OpenAI client pointed at <endpoint>/openai/v1 reaches the azure fixtures', async () => {
    const v1 = new OpenAI({ baseURL: `${h.server.url}/openai/v1`, apiKey: 'azure-key', maxRetries: 0 });
    const res = await v1.chat.completions.create({ ...say('hello'), model: 'my-deployment' });
    expect(res.choices[0].message.content).toBe('Hello from Azure');
    expect(res.model).toBe('my-deployment');
    const emb = await v1.embeddings.create({ model: 'e', input: 'fixed' });
    expect(emb.data[0].embedding).toEqual([0.5, -0.5]);
  });

  it('the body model is required there, as on OpenAI', async () => {
    const res = await postRaw(`${h.server.url}/openai/v1/chat/completions`, { messages: [{ role: 'user', content: 'hello' }] });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.param).toBe('model');
  });
});

describe('determinism', () => {
  it('same seed + fixtures + frozen time + order => byte-identical Azure bodies and streams', async () => {
    const run = async (seed: number) => {
      const s = await startWith({ 'a.yaml': FIXTURES }, { seed, freezeTime: 1_700_000_000 });
      try {
        const out: string[] = [];
        for (const body of [say('weather'), say('weather', { stream: true as const }), say('stream me', { stream: true as const })]) {
          const res = await postRaw(`${s.server.url}/openai/deployments/d1/chat/completions?api-version=${API_VERSION}`, body);
          out.push(`${res.status} ${res.headers.get('x-request-id')} ${res.headers.get('x-llmposter-seed')}\n${res.text}`);
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await run(5);
    expect(a).toEqual(await run(5));
    expect(a[0]).toContain('"created":1700000000');
    expect((await run(6))[0]).not.toBe(a[0]);
  });

  it('x-llmposter-seed replays a response', async () => {
    const r1 = await postRaw(chatUrl(), say('weather'), { 'x-llmposter-seed': '77' });
    const r2 = await postRaw(chatUrl(), say('weather'), { 'x-llmposter-seed': '77' });
    expect(r1.headers.get('x-llmposter-seed')).toBe('77');
    expect(JSON.parse(r1.text).choices).toEqual(JSON.parse(r2.text).choices);
    expect(JSON.parse(r1.text).id).toBe(JSON.parse(r2.text).id);
  });
});

describe('responses (/openai/responses and /openai/deployments/{deployment}/responses)', () => {
  it('the AzureOpenAI client: /openai/responses?api-version=, the body model (the deployment) is the model', async () => {
    const res = await client(undefined).responses.create({ model: 'my-responses-deployment', input: 'which deployment' });
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.model).toBe('my-responses-deployment');
    expect(res.output_text).toBe('model=my-responses-deployment provider=azure');
  });

  it('retrieve() reads a stored response back where the AzureOpenAI client asks (/openai/responses/{id})', async () => {
    const created = await client(undefined).responses.create({ model: 'my-responses-deployment', input: 'which deployment' });
    const got = await client(undefined).responses.retrieve(created.id);
    expect(got.id).toBe(created.id);
    expect(got.output_text).toBe('model=my-responses-deployment provider=azure');
    await expect(client(undefined).responses.retrieve('resp_unknown')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('provider: azure fixtures answer, provider: openai ones do not', async () => {
    expect((await azure.responses.create({ model: DEPLOYMENT, input: 'hello' })).output_text).toBe('Hello from Azure');
    await expect(azure.responses.create({ model: DEPLOYMENT, input: 'openai only' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('streamed text and tool calls', async () => {
    const events = await drain(await azure.responses.create({ model: DEPLOYMENT, input: 'stream me', stream: true }));
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('One two three four five six seven eight nine ten.');
    expect(events.at(-1)?.type).toBe('response.completed');
    const tools = await azure.responses.stream({ model: DEPLOYMENT, input: 'weather' }).finalResponse();
    const calls = tools.output.flatMap((o) => (o.type === 'function_call' ? [[o.name, JSON.parse(o.arguments)]] : []));
    expect(calls).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
  });

  it('stream_error: the SDK raises an APIError after the events before it; the wire ends with error then response.failed', async () => {
    const s = await azure.responses.create({ model: DEPLOYMENT, input: 'mid-stream error', stream: true });
    const seen: string[] = [];
    const read = async () => {
      for await (const e of s) seen.push(e.type);
    };
    await expect(read()).rejects.toMatchObject({ message: 'Overloaded, try later', code: 'overloaded' });
    expect(seen[0]).toBe('response.created');
    const raw = await postRaw(`${h.server.url}/openai/responses?api-version=${API_VERSION}`, { model: DEPLOYMENT, input: 'mid-stream error', stream: true });
    const events = parseSse(raw.text);
    expect(events.slice(-2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(JSON.parse(events.at(-1)!.data).response.error).toEqual({ code: 'overloaded', message: 'Overloaded, try later' });
  });

  it('the deployment route takes the model from the path; api-version is required on both', async () => {
    const res = await postRaw(`${h.server.url}/openai/deployments/path-deploy/responses?api-version=${API_VERSION}`, { input: 'which deployment' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).model).toBe('path-deploy');
    expect((await postRaw(`${h.server.url}/openai/deployments/path-deploy/responses`, { input: 'hello' })).status).toBe(404);
    expect((await postRaw(`${h.server.url}/openai/responses`, { model: 'd', input: 'hello' })).status).toBe(404);
  });

  it('bad input is an OpenAI 400', async () => {
    const res = await postRaw(`${h.server.url}/openai/responses?api-version=${API_VERSION}`, { model: 'd', input: 42 });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.type).toBe('invalid_request_error');
  });
});
