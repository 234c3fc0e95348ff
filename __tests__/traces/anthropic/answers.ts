/**
 * The Anthropic Messages traces in this folder: which fixed answer (from ../answers.ts) each file
 * records, and what a client must end up with after reading it, written out by hand (never
 * derived from the code under test).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer, ResponseMeta } from '../../../src/canonical/answer.js';
import { CONTENT_FILTER_ANSWER, GREETING, LENGTH_ANSWER, REFUSAL_ANSWER, REFUSAL_TEXT, TEXT_ANSWER, TEXT_THEN_TOOL_ANSWER, TOOL_CALLS_ANSWER } from '../answers.js';

export const MESSAGES_META: ResponseMeta = { id: 'msg_trace0001', created: 1700000000, model: 'claude-sonnet-4-6' };

/** Tool-call ids in the shared answers use OpenAI's prefix; Anthropic's answers carry `toolu_` ids. */
function withToolu(answer: Answer): Answer {
  return { ...answer, parts: answer.parts.map((p) => (p.type === 'tool_call' ? { ...p, id: p.id.replace(/^call_/, 'toolu_') } : p)) };
}

export const STOP_SEQUENCE_ANSWER: Answer = { parts: [{ type: 'text', text: 'one, two, ' }], finish: { reason: 'stop_sequence' }, usage: { inputTokens: 8, outputTokens: 4 } };

/** What the SDK's `finalMessage()` (or the body) gives back. */
export interface MessageExpectation {
  /** Content blocks without the thinking signature (checked on its own). */
  content: Array<{ type: 'text'; text: string } | { type: 'thinking'; thinking: string } | { type: 'tool_use'; id: string; name: string; input: unknown }>;
  stopReason: string;
  stopSequence: string | null;
  usage: { input_tokens: number; output_tokens: number };
}

export interface MessagesTrace {
  /** File name without extension. */
  name: string;
  answer: Answer;
  /** The request's `stop_sequences`, when the case needs one. */
  stopSequences?: string[];
  expect: MessageExpectation;
}

export const MESSAGES_TRACES: MessagesTrace[] = [
  { name: 'text', answer: TEXT_ANSWER, expect: { content: [{ type: 'text', text: GREETING }], stopReason: 'end_turn', stopSequence: null, usage: { input_tokens: 9, output_tokens: 7 } } },
  {
    name: 'tool-calls',
    answer: withToolu(TOOL_CALLS_ANSWER),
    expect: {
      content: [
        { type: 'tool_use', id: 'toolu_trace0001', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_trace0002', name: 'get_time', input: { tz: 'CET' } },
      ],
      stopReason: 'tool_use',
      stopSequence: null,
      usage: { input_tokens: 40, output_tokens: 22 },
    },
  },
  {
    name: 'thinking-text-tool',
    answer: withToolu(TEXT_THEN_TOOL_ANSWER),
    expect: {
      content: [
        { type: 'thinking', thinking: 'The user wants the weather.' },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_trace0003', name: 'get_weather', input: { city: 'Oslo' } },
      ],
      stopReason: 'tool_use',
      stopSequence: null,
      usage: { input_tokens: 30, output_tokens: 15 },
    },
  },
  { name: 'refusal', answer: REFUSAL_ANSWER, expect: { content: [{ type: 'text', text: REFUSAL_TEXT }], stopReason: 'refusal', stopSequence: null, usage: { input_tokens: 12, output_tokens: 6 } } },
  { name: 'max-tokens', answer: LENGTH_ANSWER, expect: { content: [{ type: 'text', text: 'Once upon a time' }], stopReason: 'max_tokens', stopSequence: null, usage: { input_tokens: 5, output_tokens: 4 } } },
  { name: 'content-filter', answer: CONTENT_FILTER_ANSWER, expect: { content: [{ type: 'text', text: 'Sure, here' }], stopReason: 'refusal', stopSequence: null, usage: { input_tokens: 6, output_tokens: 2 } } },
  {
    name: 'stop-sequence',
    answer: STOP_SEQUENCE_ANSWER,
    stopSequences: ['three', 'four'],
    expect: { content: [{ type: 'text', text: 'one, two, ' }], stopReason: 'stop_sequence', stopSequence: 'three', usage: { input_tokens: 8, output_tokens: 4 } },
  },
];

/** The non-streaming bodies recorded (`<name>.json`). */
export const MESSAGES_BODY_TRACES: MessagesTrace[] = MESSAGES_TRACES.filter((t) => ['text', 'tool-calls', 'thinking-text-tool', 'refusal', 'stop-sequence'].includes(t.name));

export function readAnthropicTrace(file: string): string {
  return readFileSync(resolve('__tests__', 'traces', 'anthropic', file), 'utf8');
}
