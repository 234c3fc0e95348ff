/**
 * The Responses traces in this folder: the fixed answers (shared with the other formats, from
 * ../answers.ts), the request each is answered for, and what a client must end up with, written
 * out by hand so no test derives its expectation from the code under test.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer, ResponseMeta } from '../../../src/canonical/answer.js';
import { CONTENT_FILTER_ANSWER, GREETING, LENGTH_ANSWER, REFUSAL_ANSWER, REFUSAL_TEXT, TEXT_ANSWER, TEXT_THEN_TOOL_ANSWER, TOOL_CALLS_ANSWER } from '../answers.js';

export const RESPONSES_META: ResponseMeta = { id: 'resp_trace0001', created: 1700000000, model: 'gpt-4o-mini' };

/** The request body every trace answers (its echoed fields show in the response object). */
export const TRACE_REQUEST = { model: 'gpt-4o-mini', input: 'hi', instructions: 'Be brief.', metadata: { run: 'trace' } };

export interface ResponsesExpectation {
  status: 'completed' | 'incomplete';
  incompleteReason: string | null;
  /** The SDK's `output_text` (all output_text parts joined). */
  outputText: string;
  refusal: string | null;
  reasoning: string | null;
  functionCalls: Array<{ call_id: string; name: string; arguments: string }>;
  /** Output item types in order. */
  itemTypes: string[];
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
}

export interface ResponsesTrace {
  /** File name without extension. */
  name: string;
  answer: Answer;
  expect: ResponsesExpectation;
}

const none: Pick<ResponsesExpectation, 'refusal' | 'reasoning' | 'functionCalls' | 'incompleteReason'> = { refusal: null, reasoning: null, functionCalls: [], incompleteReason: null };

export const RESPONSES_TRACES: ResponsesTrace[] = [
  {
    name: 'text',
    answer: TEXT_ANSWER,
    expect: { ...none, status: 'completed', outputText: GREETING, itemTypes: ['message'], usage: { input_tokens: 9, output_tokens: 7, total_tokens: 16 } },
  },
  {
    name: 'tool-calls',
    answer: TOOL_CALLS_ANSWER,
    expect: {
      ...none,
      status: 'completed',
      outputText: '',
      functionCalls: [
        { call_id: 'call_trace0001', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { call_id: 'call_trace0002', name: 'get_time', arguments: '{"tz":"CET"}' },
      ],
      itemTypes: ['function_call', 'function_call'],
      usage: { input_tokens: 40, output_tokens: 22, total_tokens: 62 },
    },
  },
  {
    name: 'thinking-text-then-tool',
    answer: TEXT_THEN_TOOL_ANSWER,
    expect: {
      ...none,
      status: 'completed',
      outputText: 'Let me check.',
      reasoning: 'The user wants the weather.',
      functionCalls: [{ call_id: 'call_trace0003', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      itemTypes: ['reasoning', 'message', 'function_call'],
      usage: { input_tokens: 30, output_tokens: 15, total_tokens: 45 },
    },
  },
  {
    name: 'refusal',
    answer: REFUSAL_ANSWER,
    expect: { ...none, status: 'completed', outputText: '', refusal: REFUSAL_TEXT, itemTypes: ['message'], usage: { input_tokens: 12, output_tokens: 6, total_tokens: 18 } },
  },
  {
    name: 'incomplete-length',
    answer: LENGTH_ANSWER,
    expect: { ...none, status: 'incomplete', incompleteReason: 'max_output_tokens', outputText: 'Once upon a time', itemTypes: ['message'], usage: { input_tokens: 5, output_tokens: 4, total_tokens: 9 } },
  },
  {
    name: 'incomplete-content-filter',
    answer: CONTENT_FILTER_ANSWER,
    expect: { ...none, status: 'incomplete', incompleteReason: 'content_filter', outputText: 'Sure, here', itemTypes: ['message'], usage: { input_tokens: 6, output_tokens: 2, total_tokens: 8 } },
  },
];

/** A recorded Responses trace's exact text (UTF-8). */
export function readResponsesTrace(file: string): string {
  return readFileSync(resolve('__tests__', 'traces', 'openai-responses', file), 'utf8');
}
