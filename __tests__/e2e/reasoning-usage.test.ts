/**
 * Reasoning tokens as each provider's SDK reports them: a reasoning model's hidden reasoning is
 * the visible output times its effort's multiplier (LLMSim's: none 0, minimal 0.5, low 1.5,
 * medium 3, high 6, xhigh 10), counted in the output total and reported apart.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countTokens } from '../../src/generate/tokens.js';
import { anthropicClient, ask } from '../helpers/anthropic-sdk.js';
import { geminiClient } from '../helpers/gemini-sdk.js';
import { startWith, type Harness } from '../helpers/server.js';

const TEXT = 'The answer is forty-two, as computed.';
const V = countTokens(TEXT);
const FIXTURES = `
fixtures:
  - match: { user_message: "think" }
    response: { content: "${TEXT}" }
  - match: { user_message: "shown" }
    response: { thinking: "Let me work it out.", content: "${TEXT}" }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'r.yaml': FIXTURES });
});
afterAll(() => h.close());

const msg = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user' as const, content: 'think' }], ...extra });

describe('OpenAI Chat Completions: completion_tokens_details.reasoning_tokens', () => {
  it('multiplies by the requested effort, and counts it in completion_tokens', async () => {
    for (const [effort, mult] of [['low', 1.5], ['medium', 3], ['high', 6], ['minimal', 0.5]] as const) {
      const r = await h.client.chat.completions.create(msg('o3', { reasoning_effort: effort }));
      const reasoning = Math.round(V * mult);
      expect([effort, r.usage?.completion_tokens_details?.reasoning_tokens, r.usage?.completion_tokens]).toEqual([effort, reasoning, V + reasoning]);
      expect(r.usage?.total_tokens).toBe(r.usage!.prompt_tokens + V + reasoning);
      expect(r.choices[0].message.content).toBe(TEXT);
    }
  });

  it('uses the model\'s default effort when the request names none: medium for o-series and gpt-5, none for gpt-5.1', async () => {
    expect((await h.client.chat.completions.create(msg('o4-mini'))).usage?.completion_tokens_details?.reasoning_tokens).toBe(3 * V);
    expect((await h.client.chat.completions.create(msg('gpt-5-mini'))).usage?.completion_tokens_details?.reasoning_tokens).toBe(3 * V);
    const none = await h.client.chat.completions.create(msg('gpt-5.1'));
    expect(none.usage).toMatchObject({ completion_tokens: V, completion_tokens_details: { reasoning_tokens: 0 } });
  });

  it('reports it in the streamed usage chunk too', async () => {
    const stream = await h.client.chat.completions.create({ ...msg('o3', { reasoning_effort: 'high' }), stream: true, stream_options: { include_usage: true } });
    let reasoning: number | undefined;
    for await (const c of stream) if (c.usage) reasoning = c.usage.completion_tokens_details?.reasoning_tokens;
    expect(reasoning).toBe(6 * V);
  });

  it('leaves other models alone', async () => {
    const r = await h.client.chat.completions.create(msg('gpt-4o', { reasoning_effort: 'high' }));
    expect(r.usage?.completion_tokens).toBe(V);
    expect(r.usage?.completion_tokens_details).toBeUndefined();
  });
});

describe('Responses: output_tokens_details.reasoning_tokens', () => {
  it('multiplies by reasoning.effort, in the output total', async () => {
    const r = await h.client.responses.create({ model: 'gpt-5', input: 'think', reasoning: { effort: 'xhigh' as 'high' } });
    expect(r.usage?.output_tokens_details.reasoning_tokens).toBe(10 * V);
    expect(r.usage?.output_tokens).toBe(11 * V);
    expect(r.output_text).toBe(TEXT);
  });

  it('a fixture\'s own thinking text is the reasoning', async () => {
    const r = await h.client.responses.create({ model: 'o3', input: 'shown', reasoning: { effort: 'high' } });
    const shown = countTokens('Let me work it out.');
    expect(r.usage?.output_tokens_details.reasoning_tokens).toBe(shown);
    expect(r.usage?.output_tokens).toBe(shown + V);
  });
});

describe('Gemini and Anthropic', () => {
  it('Gemini: thoughtsTokenCount apart from candidatesTokenCount, both in the total', async () => {
    const ai = geminiClient(h.server.url);
    const r = await ai.models.generateContent({ model: 'gemini-2.0-flash-thinking-exp', contents: 'think' });
    const u = r.usageMetadata!;
    expect([u.thoughtsTokenCount, u.candidatesTokenCount]).toEqual([3 * V, V]);
    expect(u.totalTokenCount).toBe(u.promptTokenCount! + 4 * V);
  });

  it('Anthropic: thinking counts in output_tokens', async () => {
    const m = await anthropicClient(h.server.url).messages.create(ask('think', { model: 'claude-opus-4-thinking' }));
    expect(m.usage.output_tokens).toBe(4 * V);
    const plain = await anthropicClient(h.server.url).messages.create(ask('think'));
    expect(plain.usage.output_tokens).toBe(V);
  });
});
