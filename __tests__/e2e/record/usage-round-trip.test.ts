/**
 * Recorded usage, round trip: the fake upstream reports token counts llmposter's tokenizer would
 * never produce for these prompts (1234 in, 77 out ...); each official SDK records through
 * llmposter, the upstream is stopped, and a fresh replay-only server answers from the recording.
 * The SDK sees exactly the upstream's usage again, with the same text, tool calls and finish
 * reasons: the counts come from the recording, not from a recount.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { anthropicClient } from '../../helpers/anthropic-sdk.js';
import type { UpstreamScript } from '../../helpers/fake-upstream.js';
import { geminiClient } from '../../helpers/gemini-sdk.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';

let rig: RecordRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const weather = { name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } };

/** The upstream's answer to each prompt: text or a tool call, and counts no tokenizer gives these prompts. */
const ANSWERS: Record<string, UpstreamScript> = {
  'usage please': { text: 'Counted upstream, not by us ✓', chunk: 5, usage: { input: 1234, output: 77 } },
  'stream usage': { text: 'Streamed with recorded usage', chunk: 4, usage: { input: 1500, output: 42 } },
  'weather?': { text: '', toolCalls: [weather], usage: { input: 2048, output: 31 } },
};
const script = (user: string): UpstreamScript => ANSWERS[user] ?? { text: `no script for ${user}` };

/** Run `run` against the recording server, then against a fresh replay-only server; both results. */
async function roundTrip<T>(run: (url: string) => Promise<T>): Promise<{ recorded: T; replayed: T }> {
  if (!rig) throw new Error('no rig');
  const recorded = await run(rig.server.url);
  const requests = rig.upstream.requests.length;
  const replaying = await rig.replay();
  const replayed = await run(replaying.url);
  // Nothing reached the (stopped) upstream while replaying.
  expect(rig.upstream.requests).toHaveLength(requests);
  return { recorded, replayed };
}

describe('OpenAI Chat Completions', () => {
  it('not streamed, streamed with include_usage, and a tool call: the recorded usage replays exactly', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => script(req.body.messages.at(-1).content);
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const run = async (url: string) => {
      const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const body = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'usage please' }] });
      let streamed = '';
      let streamFinish: string | null = null;
      let streamUsage: unknown;
      for await (const chunk of await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'stream usage' }], stream: true, stream_options: { include_usage: true } })) {
        streamed += chunk.choices[0]?.delta?.content ?? '';
        streamFinish = chunk.choices[0]?.finish_reason ?? streamFinish;
        if (chunk.usage) streamUsage = chunk.usage;
      }
      const tool = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools });
      const call = tool.choices[0].message.tool_calls?.[0] as { function: { name: string; arguments: string } } | undefined;
      return {
        body: { text: body.choices[0].message.content, finish: body.choices[0].finish_reason, usage: body.usage },
        streamed: { text: streamed, finish: streamFinish, usage: streamUsage },
        tool: { name: call?.function.name, args: call && JSON.parse(call.function.arguments), finish: tool.choices[0].finish_reason, usage: tool.usage },
      };
    };
    const { recorded, replayed } = await roundTrip(run);
    expect(recorded).toEqual({
      body: { text: 'Counted upstream, not by us ✓', finish: 'stop', usage: { prompt_tokens: 1234, completion_tokens: 77, total_tokens: 1311 } },
      streamed: { text: 'Streamed with recorded usage', finish: 'stop', usage: { prompt_tokens: 1500, completion_tokens: 42, total_tokens: 1542 } },
      tool: { name: 'get_weather', args: weather.args, finish: 'tool_calls', usage: { prompt_tokens: 2048, completion_tokens: 31, total_tokens: 2079 } },
    });
    expect(replayed).toEqual(recorded);
  });
});

describe('Anthropic Messages', () => {
  it('streamed text and streamed tool use: the recorded usage replays exactly', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => script(req.body.messages.at(-1).content);
    const run = async (url: string) => {
      const a = anthropicClient(url);
      const text = await a.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'usage please' }] }).finalMessage();
      const tool = await a.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'weather?' }], tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] }).finalMessage();
      const use = tool.content.find((b) => b.type === 'tool_use');
      return {
        text: { text: text.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), stop: text.stop_reason, usage: [text.usage.input_tokens, text.usage.output_tokens] },
        tool: { name: use?.type === 'tool_use' ? use.name : undefined, input: use?.type === 'tool_use' ? use.input : undefined, stop: tool.stop_reason, usage: [tool.usage.input_tokens, tool.usage.output_tokens] },
      };
    };
    const { recorded, replayed } = await roundTrip(run);
    expect(recorded).toEqual({
      text: { text: 'Counted upstream, not by us ✓', stop: 'end_turn', usage: [1234, 77] },
      tool: { name: 'get_weather', input: weather.args, stop: 'tool_use', usage: [2048, 31] },
    });
    expect(replayed).toEqual(recorded);
  });
});

describe('Gemini generateContent', () => {
  it('text and a function call: the recorded usageMetadata replays exactly', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => script(req.body.contents.at(-1).parts[0].text);
    const run = async (url: string) => {
      const g = geminiClient(url);
      const text = await g.models.generateContent({ model: 'gemini-2.0-flash', contents: 'usage please' });
      const tool = await g.models.generateContent({ model: 'gemini-2.0-flash', contents: 'weather?', config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] } });
      const counts = (u: typeof text.usageMetadata) => ({ prompt: u?.promptTokenCount, candidates: u?.candidatesTokenCount, total: u?.totalTokenCount });
      return {
        text: { text: text.text, finish: text.candidates?.[0]?.finishReason, usage: counts(text.usageMetadata) },
        tool: { call: tool.functionCalls?.[0] && { name: tool.functionCalls[0].name, args: tool.functionCalls[0].args }, finish: tool.candidates?.[0]?.finishReason, usage: counts(tool.usageMetadata) },
      };
    };
    const { recorded, replayed } = await roundTrip(run);
    expect(recorded).toEqual({
      text: { text: 'Counted upstream, not by us ✓', finish: 'STOP', usage: { prompt: 1234, candidates: 77, total: 1311 } },
      tool: { call: { name: 'get_weather', args: weather.args }, finish: 'STOP', usage: { prompt: 2048, candidates: 31, total: 2079 } },
    });
    expect(replayed).toEqual(recorded);
  });
});
