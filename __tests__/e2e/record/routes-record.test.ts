/**
 * The other routes record too: Azure (deployment routes, to an Azure upstream), LLMSim's
 * drop-in prefixes (to the real APIs' paths), legacy Completions and embeddings; and a stream's
 * recorded timing follows the upstream's pacing (loose bounds: a shared machine).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI, { AzureOpenAI } from 'openai';
import { anthropicClient } from '../../helpers/anthropic-sdk.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';
import { parse } from 'yaml';

let rig: RecordRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Azure and the drop-in prefixes', () => {
  it('AzureOpenAI deployment routes go to the Azure upstream as received, and replay', async () => {
    rig = await startRecordRig((url) => ({ upstreams: { azure: url } }));
    const az = (url: string) => new AzureOpenAI({ endpoint: url, apiKey: 'dummy', apiVersion: '2024-10-21', deployment: 'my-gpt', maxRetries: 0 });
    rig.upstream.script = () => ({ text: 'Azure upstream here' });
    const res = await az(rig.server.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi azure' }] });
    expect(res.choices[0].message.content).toBe('Azure upstream here');
    expect(rig.upstream.requests[0].url).toBe('/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21');
    expect(rig.upstream.requests[0].headers['api-key']).toBe('dummy');
    const [fixture] = parse(Object.values(rig.files())[0]).fixtures;
    expect(fixture).toMatchObject({ provider: 'azure', match: { model: { equals: 'my-gpt' } } });
    const replaying = await rig.replay();
    const again = await az(replaying.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi azure' }] });
    expect(again.choices[0].message.content).toBe('Azure upstream here');
  });

  it('/openai/v1 and /anthropic go to the real APIs\' /v1 paths', async () => {
    rig = await startRecordRig();
    rig.upstream.script = () => ({ text: 'prefixed' });
    const o = new OpenAI({ baseURL: `${rig.server.url}/openai/v1`, apiKey: 'dummy', maxRetries: 0 });
    expect((await o.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'via llmsim prefix' }] })).choices[0].message.content).toBe('prefixed');
    const a = anthropicClient(`${rig.server.url}/anthropic`);
    const msg = await a.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'via anthropic prefix' }] });
    expect(msg.content[0].type === 'text' && msg.content[0].text).toBe('prefixed');
    expect(rig.upstream.requests.map((r) => r.url)).toEqual(['/v1/chat/completions', '/v1/messages']);
  });
});

describe('legacy Completions and embeddings', () => {
  it('record and replay', async () => {
    rig = await startRecordRig({ mode: 'record' });
    rig.upstream.script = () => ({ text: 'completed text' });
    const c = new OpenAI({ baseURL: `${rig.server.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const legacy = async (client: OpenAI) => {
      const body = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon a time' });
      let streamed = '';
      for await (const chunk of await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Stream a story', stream: true })) streamed += chunk.choices[0]?.text ?? '';
      return [body.choices[0].text, body.choices[0].finish_reason, streamed];
    };
    expect(await legacy(c)).toEqual(['completed text', 'stop', 'completed text']);
    const emb = await c.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(emb.data.map((d) => d.embedding)).toEqual([[0.5, -0.25, 0], [0.5, -0.25, 1]]);
    const fixtures = parse(Object.values(rig.files())[0]).fixtures.filter((f: { response?: { embedding?: unknown } }) => f.response?.embedding);
    expect(fixtures.map((f: { match: { user_message: unknown }; response: { embedding: unknown } }) => [f.match.user_message, f.response.embedding])).toEqual([
      [{ equals: 'alpha' }, [0.5, -0.25, 0]],
      [{ equals: 'beta' }, [0.5, -0.25, 1]],
    ]);
    const replaying = await rig.replay();
    const r = new OpenAI({ baseURL: `${replaying.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    expect(await legacy(r)).toEqual(['completed text', 'stop', 'completed text']);
    const again = await r.embeddings.create({ model: 'text-embedding-3-small', input: ['beta'], encoding_format: 'float' });
    expect(again.data[0].embedding).toEqual([0.5, -0.25, 1]);
  });
});

describe('timing', () => {
  it('a stream\'s recorded ttft_ms and tbt_ms follow the upstream\'s pacing', async () => {
    rig = await startRecordRig();
    rig.upstream.script = () => ({ text: 'a paced answer of some length', chunk: 5, gapMs: 40 });
    const s = await new OpenAI({ baseURL: `${rig.server.url}/v1`, apiKey: 'dummy', maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'paced' }], stream: true });
    for await (const _ of s) void _;
    const [fixture] = parse(Object.values(rig.files())[0]).fixtures;
    // Frames 40 ms apart upstream: the mean gap is at least that (timers never fire early), the first content frame comes one gap after the role frame.
    expect(fixture.streaming.tbt_ms).toBeGreaterThanOrEqual(35);
    expect(fixture.streaming.ttft_ms).toBeGreaterThanOrEqual(35);
    expect(fixture.streaming.chunk_size).toBe(5);
  });
});
