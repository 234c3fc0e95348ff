/**
 * The Gemini traces in this folder: which fixed answer each file records, and what a client
 * reading it through `@google/genai` must end up with, written out by hand (no expectation
 * is derived from the code under test). Metadata and chunking as for the other traces
 * (`../answers.ts`): deltas of 5 characters (code points).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer, ResponseMeta } from '../../../src/canonical/answer.js';
import { CONTENT_FILTER_ANSWER, GREETING, LENGTH_ANSWER, REFUSAL_ANSWER, REFUSAL_TEXT, TEXT_ANSWER, TEXT_THEN_TOOL_ANSWER, TOOL_CALLS_ANSWER } from '../answers.js';

export const GEMINI_META: ResponseMeta = { id: 'trace0001gemini', created: 1700000000, model: 'gemini-2.0-flash' };

/** A tool call whose arguments, written as a string in the fixture, are not a JSON object. */
export const MALFORMED_ANSWER: Answer = {
  parts: [
    { type: 'text', text: 'Calling.' },
    { type: 'tool_call', id: 'call_trace0004', name: 'get_weather', argumentsJson: '{"city": "Par' },
  ],
  finish: { reason: 'tool_calls' },
  usage: { inputTokens: 10, outputTokens: 8 },
};

/** Nothing to say: the answer is an empty text. */
export const EMPTY_ANSWER: Answer = { parts: [{ type: 'text', text: '' }], finish: { reason: 'stop' }, usage: { inputTokens: 4, outputTokens: 0 } };

/** What a client gathers from a whole response or stream. */
export interface GeminiExpectation {
  /** `response.text` of the body, or the stream's chunk texts joined (thoughts excluded). */
  text: string | undefined;
  /** Thought parts' text joined. */
  thoughts: string;
  functionCalls: Array<{ name: string; args: Record<string, unknown> }>;
  finishReason: string;
  finishMessage?: string;
  usage: { promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number; thoughtsTokenCount?: number };
}

export interface GeminiTrace {
  /** File name without extension. */
  name: string;
  answer: Answer;
  expect: GeminiExpectation;
}

export const GEMINI_TRACES: GeminiTrace[] = [
  {
    name: 'text',
    answer: TEXT_ANSWER,
    expect: { text: GREETING, thoughts: '', functionCalls: [], finishReason: 'STOP', usage: { promptTokenCount: 9, candidatesTokenCount: 7, totalTokenCount: 16 } },
  },
  {
    name: 'tool-calls',
    answer: TOOL_CALLS_ANSWER,
    expect: {
      text: undefined,
      thoughts: '',
      functionCalls: [
        { name: 'get_weather', args: { city: 'Paris' } },
        { name: 'get_time', args: { tz: 'CET' } },
      ],
      finishReason: 'STOP',
      usage: { promptTokenCount: 40, candidatesTokenCount: 22, totalTokenCount: 62 },
    },
  },
  {
    name: 'text-then-tool',
    answer: TEXT_THEN_TOOL_ANSWER,
    // "The user wants the weather." is 6 tokens (o200k_base): thoughts, apart from the candidates.
    expect: {
      text: 'Let me check.',
      thoughts: 'The user wants the weather.',
      functionCalls: [{ name: 'get_weather', args: { city: 'Oslo' } }],
      finishReason: 'STOP',
      usage: { promptTokenCount: 30, candidatesTokenCount: 9, totalTokenCount: 45, thoughtsTokenCount: 6 },
    },
  },
  {
    name: 'refusal',
    answer: REFUSAL_ANSWER,
    expect: { text: undefined, thoughts: '', functionCalls: [], finishReason: 'SAFETY', finishMessage: REFUSAL_TEXT, usage: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 18 } },
  },
  {
    name: 'finish-length',
    answer: LENGTH_ANSWER,
    expect: { text: 'Once upon a time', thoughts: '', functionCalls: [], finishReason: 'MAX_TOKENS', usage: { promptTokenCount: 5, candidatesTokenCount: 4, totalTokenCount: 9 } },
  },
  {
    name: 'finish-content-filter',
    answer: CONTENT_FILTER_ANSWER,
    expect: { text: 'Sure, here', thoughts: '', functionCalls: [], finishReason: 'SAFETY', usage: { promptTokenCount: 6, candidatesTokenCount: 2, totalTokenCount: 8 } },
  },
  {
    name: 'malformed-arguments',
    answer: MALFORMED_ANSWER,
    expect: {
      text: 'Calling.',
      thoughts: '',
      functionCalls: [],
      finishReason: 'MALFORMED_FUNCTION_CALL',
      finishMessage: 'Malformed function call: get_weather({"city": "Par)',
      usage: { promptTokenCount: 10, candidatesTokenCount: 8, totalTokenCount: 18 },
    },
  },
  {
    name: 'empty',
    answer: EMPTY_ANSWER,
    expect: { text: '', thoughts: '', functionCalls: [], finishReason: 'STOP', usage: { promptTokenCount: 4, totalTokenCount: 4 } },
  },
];

/** A recorded trace's exact text (UTF-8). */
export function readGeminiTrace(file: string): string {
  return readFileSync(resolve('__tests__', 'traces', 'gemini', file), 'utf8');
}
