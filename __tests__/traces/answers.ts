/**
 * The fixed answers and metadata behind the recorded traces in this folder. Each trace file is
 * the exact wire text the codec must produce for its case (see README.md); the expected values
 * the SDK-level tests check (text, tool calls, finish word, usage) are written out here too,
 * by hand, so no test derives its expectation from the code under test.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer, ResponseMeta, Usage } from '../../src/canonical/answer.js';

export const CHAT_META: ResponseMeta = { id: 'chatcmpl-trace0001', created: 1700000000, model: 'gpt-4o-mini' };
export const COMPLETIONS_META: ResponseMeta = { id: 'cmpl-trace0001', created: 1700000000, model: 'gpt-3.5-turbo-instruct' };

/** Every stream in the traces is chunked with this many characters (code points) per delta. */
export const CHUNK_SIZE = 5;

/** Escapes, a multi-byte letter and an astral-plane emoji (a surrogate pair that must not split). */
export const GREETING = 'Héllo, "world"! 👋';

const usage = (inputTokens: number, outputTokens: number): Usage => ({ inputTokens, outputTokens });

export const TEXT_ANSWER: Answer = { parts: [{ type: 'text', text: GREETING }], finish: { reason: 'stop' }, usage: usage(9, 7) };

export const TOOL_CALLS_ANSWER: Answer = {
  parts: [
    { type: 'tool_call', id: 'call_trace0001', name: 'get_weather', argumentsJson: '{"city":"Paris"}' },
    { type: 'tool_call', id: 'call_trace0002', name: 'get_time', argumentsJson: '{"tz":"CET"}' },
  ],
  finish: { reason: 'tool_calls' },
  usage: usage(40, 22),
};

/** Thinking first (Chat Completions has nowhere to put it), then text, then a tool call. */
export const TEXT_THEN_TOOL_ANSWER: Answer = {
  parts: [
    { type: 'thinking', text: 'The user wants the weather.' },
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_call', id: 'call_trace0003', name: 'get_weather', argumentsJson: '{"city":"Oslo"}' },
  ],
  finish: { reason: 'tool_calls' },
  usage: usage(30, 15),
};

export const REFUSAL_TEXT = "I can't help with that.";
export const REFUSAL_ANSWER: Answer = { parts: [{ type: 'refusal', text: REFUSAL_TEXT }], finish: { reason: 'refusal' }, usage: usage(12, 6) };

export const LENGTH_ANSWER: Answer = { parts: [{ type: 'text', text: 'Once upon a time' }], finish: { reason: 'length' }, usage: usage(5, 4) };

export const CONTENT_FILTER_ANSWER: Answer = { parts: [{ type: 'text', text: 'Sure, here' }], finish: { reason: 'content_filter' }, usage: usage(6, 2) };

/** What a client should end up with after reading a whole chat stream or body. */
export interface ChatExpectation {
  content: string | null;
  refusal: string | null;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface TraceCase<E> {
  /** File name without extension, in `__tests__/traces/<provider>/`. */
  name: string;
  answer: Answer;
  includeUsage: boolean;
  expect: E;
}

export const CHAT_STREAM_TRACES: Array<TraceCase<ChatExpectation>> = [
  {
    name: 'text',
    answer: TEXT_ANSWER,
    includeUsage: false,
    expect: { content: GREETING, refusal: null, toolCalls: [], finishReason: 'stop', usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } },
  },
  {
    name: 'text-include-usage',
    answer: TEXT_ANSWER,
    includeUsage: true,
    expect: { content: GREETING, refusal: null, toolCalls: [], finishReason: 'stop', usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } },
  },
  {
    name: 'tool-calls',
    answer: TOOL_CALLS_ANSWER,
    includeUsage: false,
    expect: {
      content: null,
      refusal: null,
      toolCalls: [
        { id: 'call_trace0001', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_trace0002', name: 'get_time', arguments: '{"tz":"CET"}' },
      ],
      finishReason: 'tool_calls',
      usage: { prompt_tokens: 40, completion_tokens: 22, total_tokens: 62 },
    },
  },
  {
    name: 'text-then-tool',
    answer: TEXT_THEN_TOOL_ANSWER,
    includeUsage: true,
    expect: {
      content: 'Let me check.',
      refusal: null,
      toolCalls: [{ id: 'call_trace0003', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      finishReason: 'tool_calls',
      usage: { prompt_tokens: 30, completion_tokens: 15, total_tokens: 45 },
    },
  },
  {
    name: 'refusal',
    answer: REFUSAL_ANSWER,
    includeUsage: false,
    // content: the stream's role chunk says "" (the body says null): see README.md.
    expect: { content: null, refusal: REFUSAL_TEXT, toolCalls: [], finishReason: 'stop', usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } },
  },
  {
    name: 'finish-length',
    answer: LENGTH_ANSWER,
    includeUsage: false,
    expect: { content: 'Once upon a time', refusal: null, toolCalls: [], finishReason: 'length', usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } },
  },
  {
    name: 'finish-content-filter',
    answer: CONTENT_FILTER_ANSWER,
    includeUsage: false,
    expect: { content: 'Sure, here', refusal: null, toolCalls: [], finishReason: 'content_filter', usage: { prompt_tokens: 6, completion_tokens: 2, total_tokens: 8 } },
  },
];

export const CHAT_BODY_TRACES: Array<TraceCase<ChatExpectation>> = [
  { ...CHAT_STREAM_TRACES[0], name: 'text' },
  { ...CHAT_STREAM_TRACES[2], name: 'tool-calls' },
  { ...CHAT_STREAM_TRACES[3], name: 'text-then-tool' },
  { ...CHAT_STREAM_TRACES[4], name: 'refusal', expect: { ...CHAT_STREAM_TRACES[4].expect, content: null } },
  { ...CHAT_STREAM_TRACES[5], name: 'finish-length' },
];

export interface CompletionExpectation {
  text: string;
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export const COMPLETIONS_STREAM_TRACES: Array<TraceCase<CompletionExpectation>> = [
  { name: 'text', answer: TEXT_ANSWER, includeUsage: false, expect: { text: GREETING, finishReason: 'stop', usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } } },
  { name: 'text-include-usage', answer: TEXT_ANSWER, includeUsage: true, expect: { text: GREETING, finishReason: 'stop', usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } } },
  { name: 'finish-length', answer: LENGTH_ANSWER, includeUsage: false, expect: { text: 'Once upon a time', finishReason: 'length', usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } } },
  {
    name: 'finish-content-filter',
    answer: CONTENT_FILTER_ANSWER,
    includeUsage: false,
    expect: { text: 'Sure, here', finishReason: 'content_filter', usage: { prompt_tokens: 6, completion_tokens: 2, total_tokens: 8 } },
  },
];

export const COMPLETIONS_BODY_TRACES: Array<TraceCase<CompletionExpectation>> = [COMPLETIONS_STREAM_TRACES[0], COMPLETIONS_STREAM_TRACES[2]];

/** A recorded trace's exact text (UTF-8). */
export function readTrace(provider: 'openai-chat' | 'openai-completions', file: string): string {
  return readFileSync(resolve('__tests__', 'traces', provider, file), 'utf8');
}
