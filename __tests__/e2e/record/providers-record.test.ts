/**
 * Record once with each official SDK (Anthropic, Gemini, OpenAI Responses; the Chat
 * Completions SDK is openai-record.test.ts), stop the upstream, replay with a fresh server: the
 * same text, tool calls and finish reasons, streamed and not.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { anthropicClient } from '../../helpers/anthropic-sdk.js';
import { geminiClient } from '../../helpers/gemini-sdk.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';

let rig: RecordRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const weather = { name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } };

describe('Anthropic Messages', () => {
  it('records text (body and stream) and tool use, and replays them', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => (req.body.messages.at(-1).content === 'weather?' ? { text: 'Let me check.', toolCalls: [weather] } : { text: `Claude says: ${req.body.messages.at(-1).content} ✓`, chunk: 4 });
    const run = async (url: string) => {
      const a = anthropicClient(url);
      const body = await a.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, system: 'Be terse.', messages: [{ role: 'user', content: 'hello' }] });
      const stream = a.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'stream please' }] });
      const streamed = await stream.finalMessage();
      const tool = await a.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'weather?' }], tools: [{ name: 'get_weather', input_schema: { type: 'object' } }], stream: true }).then(async (s) => {
        const events = [];
        for await (const e of s) events.push(e);
        return events;
      });
      const toolJson = tool.filter((e) => e.type === 'content_block_delta' && e.delta.type === 'input_json_delta').map((e) => (e as { delta: { partial_json: string } }).delta.partial_json).join('');
      const toolStart = tool.find((e) => e.type === 'content_block_start' && e.content_block.type === 'tool_use') as { content_block: { name: string } } | undefined;
      const stop = tool.find((e) => e.type === 'message_delta') as { delta: { stop_reason: string } } | undefined;
      return {
        body: { text: body.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), stop: body.stop_reason },
        streamed: { text: streamed.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), stop: streamed.stop_reason },
        tool: { name: toolStart?.content_block.name, input: JSON.parse(toolJson), stop: stop?.delta.stop_reason },
      };
    };
    const recorded = await run(rig.server.url);
    expect(recorded.body).toEqual({ text: 'Claude says: hello ✓', stop: 'end_turn' });
    expect(recorded.tool).toEqual({ name: 'get_weather', input: weather.args, stop: 'tool_use' });
    const [[, yaml]] = Object.entries(rig.files());
    expect(yaml).toContain('provider: anthropic');
    expect(yaml).toContain('stop_reason: tool_use');
    const replaying = await rig.replay();
    expect(await run(replaying.url)).toEqual(recorded);
  });
});

describe('Gemini', () => {
  it('records generateContent and streamGenerateContent (SSE), function calls included, and replays them', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => {
      const text = req.body.contents.at(-1).parts[0].text as string;
      return text === 'weather?' ? { text: '', toolCalls: [weather] } : { text: `Gemini on ${text}: ok`, chunk: 5 };
    };
    const run = async (url: string) => {
      const g = geminiClient(url);
      const body = await g.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hello', config: { systemInstruction: 'Be kind.' } });
      let streamed = '';
      let finish: string | undefined;
      for await (const chunk of await g.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'stream please' })) {
        streamed += chunk.text ?? '';
        finish = chunk.candidates?.[0]?.finishReason ?? finish;
      }
      const tool = await g.models.generateContent({ model: 'gemini-2.0-flash', contents: 'weather?', config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] } });
      return { body: body.text, streamed, finish, call: tool.functionCalls?.[0] && { name: tool.functionCalls[0].name, args: tool.functionCalls[0].args } };
    };
    const recorded = await run(rig.server.url);
    expect(recorded).toEqual({ body: 'Gemini on hello: ok', streamed: 'Gemini on stream please: ok', finish: 'STOP', call: { name: 'get_weather', args: weather.args } });
    expect(rig.upstream.requests.map((r) => r.url.split('?')[0])).toEqual(['/v1beta/models/gemini-2.0-flash:generateContent', '/v1beta/models/gemini-2.0-flash:streamGenerateContent', '/v1beta/models/gemini-2.0-flash:generateContent']);
    const replaying = await rig.replay();
    expect(await run(replaying.url)).toEqual(recorded);
  });

  it('records a JSON-array stream (no alt=sse)', async () => {
    rig = await startRecordRig();
    rig.upstream.script = () => ({ text: 'array stream answer', chunk: 6 });
    const url = `${rig.server.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent`;
    const body = { contents: [{ role: 'user', parts: [{ text: 'array please' }] }] };
    const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const elements = (await first.json()) as { candidates: { content: { parts: { text: string }[] } }[] }[];
    expect(elements.map((e) => e.candidates[0].content.parts[0].text).join('')).toBe('array stream answer');
    const replaying = await rig.replay();
    const again = await fetch(`${replaying.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const replayed = (await again.json()) as typeof elements;
    expect(replayed.map((e) => e.candidates[0].content.parts.map((p) => p.text ?? '').join('')).join('')).toBe('array stream answer');
  });
});

describe('OpenAI Responses', () => {
  it('records a body and a stream and replays them', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => ({ text: `Responses on ${req.body.input}`, chunk: 4 });
    const run = async (url: string) => {
      const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const body = await c.responses.create({ model: 'gpt-4o', input: 'hello' });
      let streamed = '';
      for await (const e of await c.responses.create({ model: 'gpt-4o', input: 'stream please', stream: true })) if (e.type === 'response.output_text.delta') streamed += e.delta;
      return { body: body.output_text, streamed };
    };
    const recorded = await run(rig.server.url);
    expect(recorded).toEqual({ body: 'Responses on hello', streamed: 'Responses on stream please' });
    const replaying = await rig.replay();
    expect(await run(replaying.url)).toEqual(recorded);
  });
});
