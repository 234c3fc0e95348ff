/**
 * Record through llmposter with the OpenAI SDK (record-missing), then replay with a fresh
 * server and no upstream: the same text, tool calls and finish reasons, streamed and not.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { loadFixtures } from '../../../src/fixture-set/load.js';
import { startRecordRig, type RecordRig } from '../../helpers/record-harness.js';

let rig: RecordRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const client = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy-client-key', maxRetries: 0 });
const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

async function streamText(c: OpenAI, user: string) {
  const s = await c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: user }], stream: true });
  let text = '';
  let finish: string | null = null;
  for await (const chunk of s) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  return { text, finish };
}

describe('recording OpenAI Chat Completions', () => {
  it('records bodies, streams and tool calls, and replays them without the upstream', async () => {
    rig = await startRecordRig();
    rig.upstream.script = (req) => {
      const user = req.body.messages.at(-1).content as string;
      if (user === 'weather?') return { text: '', toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }] };
      return { text: `Answer to ${user}: ünïcödé 👋 text`, chunk: 5 };
    };
    const rec = client(rig.server.url);
    const body = await rec.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] });
    const streamed = await streamText(rec, 'stream me');
    const tool = await rec.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools });
    expect(body.choices[0].message.content).toBe('Answer to hello: ünïcödé 👋 text');
    expect(streamed).toEqual({ text: 'Answer to stream me: ünïcödé 👋 text', finish: 'stop' });
    expect(tool.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    expect(rig.upstream.requests).toHaveLength(3);

    // The recorded file is a valid fixture file, readable YAML with strict matches.
    const files = rig.files();
    const names = Object.keys(files).filter((n) => n.endsWith('.yaml'));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^session-\d{8}T\d{6}Z\.yaml$/);
    const text = files[names[0]];
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schemas\/fixture\.schema\.json\n/);
    expect(text).toContain(`from ${new URL(rig.upstream.url).host}`);
    expect(text).toContain('user_message: { equals: hello }');
    expect(text).toContain('system_prompt: { equals: Be brief. }');
    const set = await loadFixtures([rig.recordDir]);
    expect(set.fixtures).toHaveLength(3);

    const replaying = await rig.replay();
    const rep = client(replaying.url);
    const body2 = await rep.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] });
    expect(body2.choices[0].message.content).toBe(body.choices[0].message.content);
    expect(body2.choices[0].finish_reason).toBe('stop');
    expect(await streamText(rep, 'stream me')).toEqual(streamed);
    const tool2 = await rep.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools });
    expect(tool2.choices[0].finish_reason).toBe('tool_calls');
    expect((tool2.choices[0].message.tool_calls?.[0] as { function?: unknown } | undefined)?.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    // Strict: another prompt or model is not answered by the recordings.
    await expect(rep.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello there' }] })).rejects.toMatchObject({ status: 404 });
    await expect(rep.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] })).rejects.toMatchObject({ status: 404 });
  });
});
