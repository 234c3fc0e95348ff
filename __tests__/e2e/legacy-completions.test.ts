/**
 * Legacy `/v1/completions` through the official SDK: what the legacy API has no field for
 * (refusals, tool calls) still reads sensibly, streamed or not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({
    'legacy.yaml': `fixtures:
  - match: { user_message: "refuse" }
    refusal: { reason: "I will not write that." }
  - match: { user_message: "call" }
    response: { tool_calls: [{ name: get_weather, arguments: { city: Paris } }] }
  - match: { user_message: "count" }
    response: { content: "one two three" }
    streaming: { chunk_size: 4 }
`,
  });
});
afterAll(() => h.close());

const model = 'gpt-3.5-turbo-instruct';

async function streamedText(prompt: string): Promise<{ text: string; finish: Array<string | null> }> {
  let text = '';
  const finish: Array<string | null> = [];
  for await (const c of await h.client.completions.create({ model, prompt, stream: true })) {
    text += c.choices[0]?.text ?? '';
    if (c.choices[0]?.finish_reason) finish.push(c.choices[0].finish_reason);
  }
  return { text, finish };
}

describe('legacy completions', () => {
  it('a refusal reads as the text, the same streamed and not', async () => {
    const body = await h.client.completions.create({ model, prompt: 'refuse' });
    expect(body.choices[0].text).toBe('I will not write that.');
    expect(await streamedText('refuse')).toEqual({ text: 'I will not write that.', finish: ['stop'] });
  });

  it('a tool-call fixture ends with a legacy finish word (stop), never tool_calls', async () => {
    const body = await h.client.completions.create({ model, prompt: 'call' });
    expect(body.choices[0].finish_reason).toBe('stop');
    expect((await streamedText('call')).finish).toEqual(['stop']);
  });

  it('with include_usage, every chunk before the usage chunk has usage: null', async () => {
    const chunks = [];
    for await (const c of await h.client.completions.create({ model, prompt: 'count', stream: true, stream_options: { include_usage: true } })) chunks.push(c);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.slice(0, -1).map((c) => c.usage)).toEqual(chunks.slice(0, -1).map(() => null));
  });
});
