/**
 * `n` > 1 through the official SDK: that many choices, each the fixture's answer under its own
 * index, streamed or not; usage counts every choice's completion; a bad `n` is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BadRequestError } from 'openai';
import { startWith, type Harness } from '../helpers/server.js';

let h: Harness;
beforeAll(async () => {
  h = await startWith({
    'n.yaml': `fixtures:
  - match: { user_message: "three ways" }
    response: { content: "one answer, several times" }
    streaming: { chunk_size: 5 }
`,
  });
});
afterAll(() => h.close());

const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'three ways' }] };

describe('n choices', () => {
  it('a body has n choices, indexed 0..n-1, and usage counts each completion', async () => {
    const one = await h.client.chat.completions.create(ask);
    const three = await h.client.chat.completions.create({ ...ask, n: 3 });
    expect(three.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([0, 1, 2].map((i) => [i, 'one answer, several times', 'stop']));
    expect(three.usage!.prompt_tokens).toBe(one.usage!.prompt_tokens);
    expect(three.usage!.completion_tokens).toBe(3 * one.usage!.completion_tokens);
  });

  it('a stream carries every choice, which the SDK gathers by index', async () => {
    const final = await h.client.chat.completions.stream({ ...ask, n: 2, stream_options: { include_usage: true } }).finalChatCompletion();
    expect(final.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'one answer, several times'],
      [1, 'one answer, several times'],
    ]);
    expect(final.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it.each([0, 129, 1.5, '2'])('n = %j is a 400 naming the parameter, and the server keeps serving', async (n) => {
    const err = await h.client.chat.completions.create({ ...ask, n: n as number }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).param).toBe('n');
    expect((await h.client.chat.completions.create(ask)).choices).toHaveLength(1);
  });
});
