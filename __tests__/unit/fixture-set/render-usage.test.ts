/**
 * `response.usage`: recorded token counts replace the tokenizer's, field by field; a recorded
 * output already holds a reasoning model's reasoning, so none is added on top.
 */
import { describe, expect, it } from '@jest/globals';
import { chatRequest } from '../../helpers/chat-request.js';
import { loadFixturesFromText } from '../../../src/fixture-set/load.js';
import { renderAnswer } from '../../../src/fixture-set/render.js';
import type { ResponseSpec } from '../../../src/fixture-set/types.js';
import { createRng } from '../../../src/random/rng.js';
import { requestSeed } from '../../../src/random/request-seed.js';

function spec(responseYaml: string): ResponseSpec {
  const [f] = loadFixturesFromText(`fixtures:\n  - response: ${responseYaml}\n`, 'u.yaml').fixtures;
  const o = f.outcomes[0];
  if (o.kind !== 'response') throw new Error('expected a response outcome');
  return o.response;
}

const usageOf = (responseYaml: string, model = 'gpt-4o', reasoningEffort?: string) =>
  renderAnswer(spec(responseYaml), chatRequest('hi', { model, ...(reasoningEffort ? { reasoningEffort } : {}) }), (i) => `call_${i}`, () => createRng(requestSeed(1).sub('generator'))).usage;

// Counted without usage: prompt 8 ('user' + 'hi' + overheads), "hello world" 2 tokens.
const TEXT = 'content: "hello world"';

describe('response.usage in rendered answers', () => {
  it('without usage everything is counted (the baseline the overrides differ from)', () => {
    expect(usageOf(`{ ${TEXT} }`)).toEqual({ inputTokens: 8, outputTokens: 2 });
    // o3 at medium effort: hidden reasoning 3x the visible output, added on top.
    expect(usageOf(`{ ${TEXT} }`, 'o3')).toEqual({ inputTokens: 8, outputTokens: 8, reasoningTokens: 6 });
  });

  it.each([
    ['{ input_tokens: 120, output_tokens: 30 }', { inputTokens: 120, outputTokens: 30 }],
    ['{ input_tokens: 120 }', { inputTokens: 120, outputTokens: 2 }],
    ['{ output_tokens: 30 }', { inputTokens: 8, outputTokens: 30 }],
    ['{ input_tokens: 0, output_tokens: 0 }', { inputTokens: 0, outputTokens: 0 }],
    ['{ output_tokens: 30, reasoning_tokens: 12 }', { inputTokens: 8, outputTokens: 30, reasoningTokens: 12 }],
  ])('gpt-4o, usage %s', (usage, expected) => {
    expect(usageOf(`{ ${TEXT}, usage: ${usage} }`)).toEqual(expected);
  });

  it.each([
    // The recorded output holds the reasoning: nothing is added, and the reasoning it reports is 0 unless given.
    ['{ output_tokens: 30 }', { inputTokens: 8, outputTokens: 30, reasoningTokens: 0 }],
    ['{ output_tokens: 30, reasoning_tokens: 20 }', { inputTokens: 8, outputTokens: 30, reasoningTokens: 20 }],
    // Only the prompt recorded: the output is counted as without usage (hidden reasoning included).
    ['{ input_tokens: 50 }', { inputTokens: 50, outputTokens: 8, reasoningTokens: 6 }],
    // Only the reasoning recorded: it replaces the estimated hidden reasoning, on top of the visible output.
    ['{ reasoning_tokens: 40 }', { inputTokens: 8, outputTokens: 42, reasoningTokens: 40 }],
  ])('o3 (a reasoning model), usage %s', (usage, expected) => {
    expect(usageOf(`{ ${TEXT}, usage: ${usage} }`, 'o3', 'medium')).toEqual(expected);
  });

  it('shown thinking is part of a recorded output and is its reasoning unless reasoning_tokens says otherwise', () => {
    // "let me think" is 3 tokens.
    expect(usageOf(`{ thinking: "let me think", ${TEXT}, usage: { output_tokens: 30 } }`, 'o3')).toEqual({ inputTokens: 8, outputTokens: 30, reasoningTokens: 3 });
    expect(usageOf(`{ thinking: "let me think", ${TEXT}, usage: { output_tokens: 30, reasoning_tokens: 25 } }`, 'o3')).toEqual({ inputTokens: 8, outputTokens: 30, reasoningTokens: 25 });
    // reasoning_tokens alone with shown thinking: the recorded reasoning replaces the thinking's count.
    expect(usageOf(`{ thinking: "let me think", ${TEXT}, usage: { reasoning_tokens: 25 } }`, 'o3')).toEqual({ inputTokens: 8, outputTokens: 27, reasoningTokens: 25 });
  });

  it('generated text and tool calls take the recorded counts too', () => {
    expect(usageOf('{ generate: { kind: lorem, target_tokens: 50 }, usage: { output_tokens: 7 } }')).toEqual({ inputTokens: 8, outputTokens: 7 });
    expect(usageOf('{ tool_calls: [{ name: f, arguments: { a: 1 } }], usage: { input_tokens: 1, output_tokens: 2 } }')).toEqual({ inputTokens: 1, outputTokens: 2 });
  });
});
