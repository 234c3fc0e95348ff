/**
 * Gemini through the official `@google/genai` SDK against the real server: text, streamed
 * text, thoughts, tool calls (streamed and not), refusals, finish reasons, every error class,
 * every match key, sequences, scenarios, templates, countTokens, embeddings and the /v1 paths.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError, type GenerateContentResponse, type GoogleGenAI } from '@google/genai';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { chat, postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "hello" }
    response: { content: "Hello from Gemini!" }
  - match: { user_message: "pirate", system_prompt: "pirate" }
    response: { content: "Arr, matey." }
  - match: { user_message: "pirate" }
    response: { content: "No system prompt matched." }
  - match: { user_message: "stream me" }
    response: { content: "This answer arrives in pieces." }
    streaming: { chunk_size: 6 }
  - match: { user_message: "think first" }
    response: { thinking: "The user wants a number.", content: "42" }
  # After the tool result (listed first: the request still holds the question).
  - match: { last_message_role: tool, tool_result_contains: "18C" }
    response: { content: "It is 18C in Paris." }
  - match: { user_message: "weather?" }
    response:
      tool_calls:
        - { name: get_weather, arguments: { city: Paris, units: { temp: C } } }
        - { name: get_time, arguments: { tz: CET } }
  - match: { user_message: "broken args" }
    response:
      tool_calls: [{ name: get_weather, arguments: '{"city": "Par' }]
  - match: { user_message: "string args" }
    response:
      tool_calls: [{ name: get_weather, arguments: '{"city": "Oslo"}' }]
  - match: { user_message: "unsafe" }
    refusal: { reason: "I can't help with that." }
  - match: { user_message: "long story" }
    response: { content: "Once upon a time", finish_reason: length }
  - match: { user_message: "recite" }
    response: { content: "Lorem", finish_reason: RECITATION }
  - match: { user_message: "only gemini" }
    provider: gemini
    response: { content: "Gemini only." }
  - match: { user_message: "only openai" }
    provider: openai
    response: { content: "OpenAI only." }
  - match: { user_message: "keys", model: { regex: "^gemini-2\\\\.5" }, tool_schema: "lookup", headers: { X-Tenant: acme }, metadata: { team: search }, temperature: { max: 0.5 } }
    response: { content: "Every key matched." }
  - match: { user_message: "sdk keys", model: { regex: "^gemini-2\\\\.5" }, tool_schema: "lookup", headers: { X-Tenant: acme }, temperature: { max: 0.5 } }
    response: { content: "The SDK's config matched." }
  - match: { user_message: "template" }
    response: { content_template: "You said {{ user_message }} to {{ model }} via {{ provider }}." }
  - match: { user_message: "flaky" }
    sequence:
      - error: { status: 503, message: "The model is overloaded." }
      - response: { content: "Second time lucky." }
  - match: { user_message: "once" }
    times: 1
    response: { content: "Only once." }
  - match: { user_message: "order" }
    scenario: { name: checkout, required_state: "", set_state: paid }
    response: { content: "Order placed." }
  - match: { user_message: "order" }
    scenario: { name: checkout, required_state: paid }
    response: { content: "Already paid." }
  - match: { user_message: "embed me" }
    response: { embedding: [0.6, 0.8] }
  - match: { user_message: "embed error" }
    error: { status: 429, message: "Embedding quota exceeded." }
  - match: { user_message: "err 400" }
    error: { status: 400, message: "Bad thing." }
  - match: { user_message: "err 401" }
    error: { status: 401, message: "API key not valid." }
  - match: { user_message: "err 403" }
    error: { status: 403, message: "Permission denied." }
  - match: { user_message: "err 404" }
    error: { status: 404, message: "Model not found." }
  - match: { user_message: "err 429" }
    error: { status: 429, message: "Resource has been exhausted.", headers: { x-quota: "0" } }
  - match: { user_message: "err 500" }
    error: { status: 500, message: "Internal error." }
  - match: { user_message: "err 503" }
    error: { status: 503, message: "The model is overloaded." }
  - match: { user_message: "err 504" }
    error: { status: 504, message: "Deadline exceeded." }
`;

let h: Harness;
let ai: GoogleGenAI;
const MODEL = 'gemini-2.0-flash';

beforeAll(async () => {
  h = await startWith({ 'gemini.yaml': FIXTURES }, { seed: 7 });
  ai = geminiClient(h.server.url);
});
afterAll(() => h.close());

const ask = (text: string, extra: Record<string, unknown> = {}) => ai.models.generateContent({ model: MODEL, contents: text, ...extra });

async function streamed(text: string, extra: Record<string, unknown> = {}): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const c of await ai.models.generateContentStream({ model: MODEL, contents: text, ...extra })) chunks.push(c);
  return chunks;
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the SDK to raise');
}

describe('generateContent', () => {
  it('answers the fixture text with usage, model version and response id', async () => {
    const r = await ask('hello');
    expect(r.text).toBe('Hello from Gemini!');
    expect(r.candidates?.[0].finishReason).toBe('STOP');
    expect(r.candidates?.[0].content?.role).toBe('model');
    expect(r.modelVersion).toBe(MODEL);
    expect(r.responseId).toMatch(/^[0-9a-f]{24}$/);
    const u = r.usageMetadata!;
    expect(u.promptTokenCount).toBeGreaterThan(0);
    expect(u.candidatesTokenCount).toBe(4); // "Hello", " from", " Gemini", "!"
    expect(u.totalTokenCount).toBe(u.promptTokenCount! + 4);
  });

  it('matches system_prompt against systemInstruction', async () => {
    expect((await ask('pirate', { config: { systemInstruction: 'You are a pirate.' } })).text).toBe('Arr, matey.');
    expect((await ask('pirate', { config: { systemInstruction: 'You are a clerk.' } })).text).toBe('No system prompt matched.');
    expect((await ask('pirate')).text).toBe('No system prompt matched.');
  });

  it('sends thinking as a thought part before the answer; response.text leaves it out', async () => {
    const r = await ask('think first');
    expect(r.candidates?.[0].content?.parts).toEqual([{ text: 'The user wants a number.', thought: true }, { text: '42' }]);
    expect(r.text).toBe('42');
    expect(r.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    expect(r.usageMetadata?.candidatesTokenCount).toBe(1);
  });

  it('tool calls are functionCall parts with object args, finishReason STOP', async () => {
    const r = await ask('weather?', { config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }] } });
    expect(r.functionCalls).toEqual([
      { name: 'get_weather', args: { city: 'Paris', units: { temp: 'C' } } },
      { name: 'get_time', args: { tz: 'CET' } },
    ]);
    expect(r.candidates?.[0].finishReason).toBe('STOP');
  });

  it('string arguments that hold a JSON object are sent as that object', async () => {
    expect((await ask('string args')).functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Oslo' } }]);
  });

  it('malformed string arguments: no call, finishReason MALFORMED_FUNCTION_CALL, the call quoted in finishMessage on the wire', async () => {
    const r = await ask('broken args');
    expect(r.functionCalls).toBeUndefined();
    expect(r.candidates?.[0].finishReason).toBe('MALFORMED_FUNCTION_CALL');
    const raw = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, { contents: [{ parts: [{ text: 'broken args' }] }] });
    expect(JSON.parse(raw.text).candidates[0].finishMessage).toBe('Malformed function call: get_weather({"city": "Par)');
  });

  it('a tool loop: the request carrying the functionResponse gets the answer (last_message_role: tool, tool_result_contains)', async () => {
    const r = await ai.models.generateContent({
      model: MODEL,
      contents: [
        { role: 'user', parts: [{ text: 'weather?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: '18C' } } }] },
      ],
    });
    expect(r.text).toBe('It is 18C in Paris.');
  });

  it('a refusal is a safety block: no content, finishReason SAFETY, a blocked rating; the reason in finishMessage', async () => {
    const r = await ask('unsafe');
    expect(r.text).toBeUndefined();
    expect(r.candidates?.[0].finishReason).toBe('SAFETY');
    expect(r.candidates?.[0].safetyRatings?.[0].blocked).toBe(true);
    const raw = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, { contents: [{ parts: [{ text: 'unsafe' }] }] });
    expect(JSON.parse(raw.text).candidates[0]).toMatchObject({ finishReason: 'SAFETY', finishMessage: "I can't help with that." });
  });

  it('finish_reason length is MAX_TOKENS; a word with no neutral meaning is sent as written', async () => {
    expect((await ask('long story')).candidates?.[0].finishReason).toBe('MAX_TOKENS');
    expect((await ask('recite')).candidates?.[0].finishReason).toBe('RECITATION');
  });

  it('content_template sees the user message, the model from the path and the provider', async () => {
    expect((await ask('template')).text).toBe('You said template to gemini-2.0-flash via gemini.');
  });
});

describe('generateContentStream (SSE)', () => {
  it('streams the text in chunk_size pieces, finishReason and full usage on the last chunk only', async () => {
    const chunks = await streamed('stream me');
    expect(chunks.map((c) => c.text)).toEqual(['This a', 'nswer ', 'arrive', 's in p', 'ieces.']);
    expect(chunks.slice(0, -1).map((c) => c.candidates?.[0].finishReason)).toEqual([undefined, undefined, undefined, undefined]);
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0].finishReason).toBe('STOP');
    expect(last.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    expect(chunks[0].usageMetadata?.candidatesTokenCount).toBeUndefined();
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);
  });

  it('streams tool calls, one whole functionCall per chunk', async () => {
    const chunks = await streamed('weather?');
    expect(chunks.map((c) => c.functionCalls)).toEqual([[{ name: 'get_weather', args: { city: 'Paris', units: { temp: 'C' } } }], [{ name: 'get_time', args: { tz: 'CET' } }]]);
    expect(chunks[1].candidates?.[0].finishReason).toBe('STOP');
  });

  it('streams thoughts before the answer', async () => {
    const chunks = await streamed('think first');
    const parts = chunks.flatMap((c) => c.candidates?.[0].content?.parts ?? []);
    expect(parts.filter((p) => p.thought).map((p) => p.text).join('')).toBe('The user wants a number.');
    expect(parts.at(-1)).toEqual({ text: '42' });
  });

  it('a streamed refusal is one chunk with no content and finishReason SAFETY', async () => {
    const chunks = await streamed('unsafe');
    expect(chunks).toHaveLength(1);
    expect(chunks[0].candidates?.[0].content).toBeUndefined();
    expect(chunks[0].candidates?.[0].finishReason).toBe('SAFETY');
  });
});

describe('errors in Google\'s shape', () => {
  it.each([
    [400, 'INVALID_ARGUMENT', 'Bad thing.'],
    [401, 'UNAUTHENTICATED', 'API key not valid.'],
    [403, 'PERMISSION_DENIED', 'Permission denied.'],
    [404, 'NOT_FOUND', 'Model not found.'],
    [429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted.'],
    [500, 'INTERNAL', 'Internal error.'],
    [503, 'UNAVAILABLE', 'The model is overloaded.'],
    [504, 'DEADLINE_EXCEEDED', 'Deadline exceeded.'],
  ])('%i %s: the SDK raises an ApiError with the status and the body', async (status, name, message) => {
    const err = await apiError(ask(`err ${status}`));
    expect(err.status).toBe(status);
    expect(JSON.parse(err.message)).toEqual({ error: { code: status, message, status: name } });
  });

  it('a streaming request to an error fixture raises before any chunk', async () => {
    const err = await apiError(streamed('err 503'));
    expect(err.status).toBe(503);
  });

  it('a 429 carries retry-after and the fixture\'s own headers', async () => {
    const raw = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:generateContent`, { contents: [{ parts: [{ text: 'err 429' }] }] });
    expect([raw.status, raw.headers.get('retry-after'), raw.headers.get('x-quota')]).toEqual([429, '1', '0']);
  });

  it('no fixture matched: 404 NOT_FOUND naming the model from the path, never the prompt', async () => {
    const err = await apiError(ai.models.generateContent({ model: 'gemini-9', contents: 'a secret prompt' }));
    expect(err.status).toBe(404);
    const body = JSON.parse(err.message);
    expect(body.error.status).toBe('NOT_FOUND');
    expect(body.error.message).toMatch(/^No fixture matched for model='gemini-9' \(\d+ fixtures checked\)/);
    expect(err.message).not.toContain('a secret prompt');
  });

  it('the SDK does not retry on its own (each call is one request)', async () => {
    const s = await startWith({ 'f.yaml': 'fixtures:\n  - match: { user_message: "x" }\n    sequence:\n      - error: { status: 503, message: "down" }\n      - response: { content: "up" }\n' });
    try {
      const c = geminiClient(s.server.url);
      expect((await apiError(c.models.generateContent({ model: MODEL, contents: 'x' }))).status).toBe(503);
      expect((await c.models.generateContent({ model: MODEL, contents: 'x' })).text).toBe('up');
    } finally {
      await s.close();
    }
  });
});

describe('fixture features on the Gemini routes', () => {
  it('provider: gemini answers Gemini only; provider: openai does not answer Gemini', async () => {
    expect((await ask('only gemini')).text).toBe('Gemini only.');
    expect((await postRaw(`${h.server.url}/v1/chat/completions`, chat('only gemini'))).status).toBe(404);
    expect((await apiError(ask('only openai'))).status).toBe(404);
    expect(JSON.parse((await postRaw(`${h.server.url}/v1/chat/completions`, chat('only openai'))).text).choices[0].message.content).toBe('OpenAI only.');
  });

  it('model, tool_schema, headers, metadata (labels) and temperature all match', async () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'keys' }] }],
      tools: [{ functionDeclarations: [{ name: 'lookup' }] }],
      labels: { team: 'search' },
      generationConfig: { temperature: 0.2 },
    };
    const url = (model: string) => `${h.server.url}/v1beta/models/${model}:generateContent`;
    const ok = await postRaw(url('gemini-2.5-pro'), body, { 'x-tenant': 'acme' });
    expect(JSON.parse(ok.text).candidates[0].content.parts[0].text).toBe('Every key matched.');
    // Each key on its own can fail the match.
    expect((await postRaw(url('gemini-2.0-flash'), body, { 'x-tenant': 'acme' })).status).toBe(404);
    expect((await postRaw(url('gemini-2.5-pro'), body)).status).toBe(404);
    expect((await postRaw(url('gemini-2.5-pro'), { ...body, tools: [] }, { 'x-tenant': 'acme' })).status).toBe(404);
    expect((await postRaw(url('gemini-2.5-pro'), { ...body, labels: { team: 'ads' } }, { 'x-tenant': 'acme' })).status).toBe(404);
    expect((await postRaw(url('gemini-2.5-pro'), { ...body, generationConfig: { temperature: 0.9 } }, { 'x-tenant': 'acme' })).status).toBe(404);
  });

  it('the SDK\'s config reaches matching: model, temperature, tools and headers', async () => {
    const config = { temperature: 0.1, tools: [{ functionDeclarations: [{ name: 'lookup' }] }], httpOptions: { headers: { 'X-Tenant': 'acme' } } };
    const r = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'sdk keys', config });
    expect(r.text).toBe("The SDK's config matched.");
    expect((await apiError(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'sdk keys', config: { ...config, temperature: 1 } }))).status).toBe(404);
  });

  it('sequence: a 503, then the answer', async () => {
    expect((await apiError(ask('flaky'))).status).toBe(503);
    expect((await ask('flaky')).text).toBe('Second time lucky.');
  });

  it('times: 1 answers once, then no match', async () => {
    expect((await ask('once')).text).toBe('Only once.');
    expect((await apiError(ask('once'))).status).toBe(404);
  });

  it('scenarios move from state to state', async () => {
    expect((await ask('order')).text).toBe('Order placed.');
    expect((await ask('order')).text).toBe('Already paid.');
  });

  it('the same routes under /v1 (apiVersion v1)', async () => {
    const v1 = geminiClient(h.server.url, 'v1');
    expect((await v1.models.generateContent({ model: MODEL, contents: 'hello' })).text).toBe('Hello from Gemini!');
    const chunks: string[] = [];
    for await (const c of await v1.models.generateContentStream({ model: MODEL, contents: 'stream me' })) chunks.push(c.text ?? '');
    expect(chunks.join('')).toBe('This answer arrives in pieces.');
    expect((await v1.models.countTokens({ model: MODEL, contents: 'hello' })).totalTokens).toBeGreaterThan(0);
  });

  it('--diagnostics: the 404 names the nearest fixture inside Google\'s error object', async () => {
    const d = await startWith({ 'gemini.yaml': FIXTURES }, { diagnostics: true });
    try {
      const err = await apiError(geminiClient(d.server.url).models.generateContent({ model: MODEL, contents: 'zebra crossing' }));
      const e = JSON.parse(err.message).error;
      expect([e.code, e.status]).toEqual([404, 'NOT_FOUND']);
      expect(e.nearest.fixture).toMatch(/^gemini\.yaml#\d+$/);
      expect(e.nearest.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'user_message', passed: false })]));
    } finally {
      await d.close();
    }
  });
});

describe('countTokens', () => {
  it('counts the prompt as generateContent\'s usage does, without matching a fixture', async () => {
    const contents = [{ role: 'user', parts: [{ text: 'hello' }] }];
    const counted = await ai.models.countTokens({ model: 'a-model-no-fixture-names', contents });
    const used = await ai.models.generateContent({ model: MODEL, contents });
    // 3 to prime the reply, 3 for the message, "user" and "hello" one token each.
    expect(counted.totalTokens).toBe(8);
    expect(used.usageMetadata?.promptTokenCount).toBe(8);
    const longer = await ai.models.countTokens({ model: MODEL, contents: [{ role: 'user', parts: [{ text: 'hello, how are you today?' }] }] });
    expect(longer.totalTokens).toBeGreaterThan(8);
  });

  it('bad input is a 400 in Google\'s shape', async () => {
    const raw = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:countTokens`, { contents: 'x' });
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.text).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const bad = await postRaw(`${h.server.url}/v1beta/models/${MODEL}:countTokens`, '{"contents": [');
    expect([bad.status, JSON.parse(bad.text).error.status]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
  });
});

describe('embeddings', () => {
  it('models.embedContent: one vector per content, outputDimensionality long, unit length, stable', async () => {
    const r = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['first text', 'second text'], config: { outputDimensionality: 16 } });
    expect(r.embeddings).toHaveLength(2);
    for (const e of r.embeddings!) {
      expect(e.values).toHaveLength(16);
      expect(Math.hypot(...e.values!)).toBeCloseTo(1, 10);
    }
    expect(r.embeddings![0].values).not.toEqual(r.embeddings![1].values);
    const again = await ai.models.embedContent({ model: 'text-embedding-004', contents: 'first text', config: { outputDimensionality: 16 } });
    expect(again.embeddings![0].values).toEqual(r.embeddings![0].values);
  });

  it('without outputDimensionality the vector has the default 1536 values', async () => {
    const r = await ai.models.embedContent({ model: 'text-embedding-004', contents: 'some text' });
    expect(r.embeddings![0].values).toHaveLength(1536);
  });

  it('a fixture vector is returned as written, beside generated ones', async () => {
    const r = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['embed me', 'other'] , config: { outputDimensionality: 3 } });
    expect(r.embeddings!.map((e) => e.values!.length)).toEqual([2, 3]);
    expect(r.embeddings![0].values).toEqual([0.6, 0.8]);
  });

  it('an error fixture makes the whole request that error', async () => {
    const err = await apiError(ai.models.embedContent({ model: 'text-embedding-004', contents: ['fine', 'embed error'] }));
    expect(err.status).toBe(429);
    expect(JSON.parse(err.message).error.status).toBe('RESOURCE_EXHAUSTED');
  });

  it(':embedContent (raw) answers {embedding: {values}}', async () => {
    const raw = await postRaw(`${h.server.url}/v1beta/models/text-embedding-004:embedContent`, { content: { parts: [{ text: 'embed me' }] } });
    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.text)).toEqual({ embedding: { values: [0.6, 0.8] } });
  });
});
