/** Reasoning tokens: which models reason, their default effort, LLMSim's multipliers. */
import { describe, expect, it } from '@jest/globals';
import type { Answer } from '../../../src/canonical/answer.js';
import type { ChatRequest } from '../../../src/canonical/request.js';
import { defaultEffort, EFFORT_MULTIPLIERS, isReasoningModel, reasoningTokensFor, withReasoning } from '../../../src/generate/reasoning.js';
import { countTokens } from '../../../src/generate/tokens.js';

const req = (model: string, reasoningEffort?: string) =>
  ({ op: 'chat', provider: 'openai', model, messages: [], userMessage: '', systemPrompt: '', toolNames: [], stream: false, metadata: {}, headers: {}, body: {}, reasoningEffort }) as ChatRequest;
const answer = (outputTokens: number, thinking?: string): Answer => ({
  parts: [...(thinking ? [{ type: 'thinking' as const, text: thinking }] : []), { type: 'text', text: 'x' }],
  finish: { reason: 'stop' },
  usage: { inputTokens: 5, outputTokens },
});

describe('reasoning', () => {
  it('knows the reasoning models by name', () => {
    for (const m of ['o1', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'GPT-5-codex', 'openai/o3', 'deepseek-reasoner', 'gemini-2.0-flash-thinking-exp', 'qwen3-30b-a3b-thinking']) expect([m, isReasoningModel(m)]).toEqual([m, true]);
    for (const m of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'claude-sonnet-4-6', 'gemini-2.5-flash', 'omni-moderation-latest', 'deepseek-chat']) expect([m, isReasoningModel(m)]).toEqual([m, false]);
  });

  it('defaults as OpenAI documents: medium, none from gpt-5.1 on, high for gpt-5-pro', () => {
    expect(defaultEffort('o3')).toBe('medium');
    expect(defaultEffort('gpt-5-mini')).toBe('medium');
    expect(defaultEffort('gpt-5.1')).toBe('none');
    expect(defaultEffort('gpt-5.2-2025-12-11')).toBe('none');
    expect(defaultEffort('gpt-5-pro')).toBe('high');
  });

  it("multiplies the visible output by LLMSim's multipliers", () => {
    expect(EFFORT_MULTIPLIERS).toEqual({ none: 0, minimal: 0.5, low: 1.5, medium: 3, high: 6, xhigh: 10 });
    expect(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'].map((e) => reasoningTokensFor('o3', e, 10))).toEqual([0, 5, 15, 30, 60, 100]);
    expect(reasoningTokensFor('o3', undefined, 10)).toBe(30);
    expect(reasoningTokensFor('o3', 'HIGH', 10)).toBe(60);
    expect(reasoningTokensFor('o3', 'bogus', 10)).toBe(30);
  });

  it('adds the hidden reasoning to the output of a reasoning model, and leaves other models alone', () => {
    expect(withReasoning(answer(10), req('o3', 'low')).usage).toEqual({ inputTokens: 5, outputTokens: 25, reasoningTokens: 15 });
    expect(withReasoning(answer(10), req('gpt-5.1')).usage).toEqual({ inputTokens: 5, outputTokens: 10, reasoningTokens: 0 });
    expect(withReasoning(answer(10), req('gpt-4o', 'high')).usage).toEqual({ inputTokens: 5, outputTokens: 10 });
  });

  it("a fixture's own reasoning text is the reasoning (already in the output)", () => {
    const n = countTokens('Let me think.');
    expect(withReasoning(answer(10 + n, 'Let me think.'), req('o3', 'xhigh')).usage).toEqual({ inputTokens: 5, outputTokens: 10 + n, reasoningTokens: n });
  });
});
