/**
 * Fixtures as plain objects, typed: what a fixture file holds, key for key as written in YAML
 * (snake_case), for `server.addFixtures({...})` and for code that writes fixture files.
 * `schemas/fixture.schema.json` is the authority; `FIXTURE_OBJECT_KEYS` below lists every key of
 * every object type with whether it is required, the compiler checks that list against these
 * types, and a test checks it against the schema, so a key added to one and not the other fails
 * the build or the tests.
 */
import type { ProviderName } from '../canonical/request.js';
import type { ProfileName } from '../pacing/profiles.js';

/** A whole fixture file: `{ fixtures: [...] }`. */
export interface FixtureFileObject {
  fixtures: FixtureObject[];
}

/** One fixture: when it matches (`match`), and what it answers with. */
export interface FixtureObject extends FixtureOutcomeObject {
  name?: string;
  match?: FixtureMatchObject;
  provider?: ProviderName;
  /** Several answers in turn (`sequence:`); the last one repeats. */
  sequence?: FixtureOutcomeObject[];
  /** Stop matching after this many uses. */
  times?: number;
  scenario?: FixtureScenarioObject;
  priority?: number;
  catch_all?: boolean;
}

/** What a fixture, or one item of its `sequence:`, answers with. */
export interface FixtureOutcomeObject {
  response?: FixtureResponseObject;
  streaming?: FixtureStreamingObject;
  failure?: FixtureFailureObject;
  error?: FixtureErrorObject;
  refusal?: FixtureRefusalObject;
  raw?: FixtureRawObject;
}

/** A plain string is a substring test; the object form picks the test. */
export type FixturePattern = string | FixturePatternObject;
export interface FixturePatternObject {
  regex?: string;
  equals?: string;
  contains?: string;
  ignore_case?: boolean;
}

/** An exact count, or an inclusive range. */
export type FixtureCountRange = number | FixtureRangeObject;
export interface FixtureRangeObject {
  min?: number;
  max?: number;
}

export interface FixtureMatchObject {
  user_message?: FixturePattern;
  model?: FixturePattern;
  system_prompt?: FixturePattern;
  tool_schema?: FixturePattern;
  headers?: Record<string, FixturePattern>;
  metadata?: Record<string, FixturePattern>;
  last_message_role?: FixturePattern;
  tool_call_id?: FixturePattern;
  tool_result_contains?: FixturePattern;
  message_count?: FixtureCountRange;
  turn_index?: FixtureCountRange;
  body_jsonpath?: Record<string, FixturePattern>;
  temperature?: number | FixtureRangeObject;
}

/** The known words, or any other string the client should see. */
type OpenWords<W extends string> = W | (string & {});

export interface FixtureResponseObject {
  content?: string;
  content_template?: string;
  /** A generator name (`'lorem'`, `'fixed:Hello'`) or `{ kind, target_tokens }`. */
  generate?: string | FixtureGenerateObject;
  tool_calls?: FixtureToolCallObject[];
  finish_reason?: OpenWords<'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call'>;
  stop_reason?: OpenWords<'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded'>;
  thinking?: string;
  usage?: FixtureUsageObject;
  embedding?: number[];
}

export interface FixtureGenerateObject {
  kind: string;
  target_tokens?: number;
}

export interface FixtureToolCallObject {
  name: string;
  /** An object (sent as its JSON) or a string sent exactly as written. */
  arguments?: Record<string, unknown> | string;
}

export interface FixtureUsageObject {
  input_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
}

/** Milliseconds, or a normal distribution. */
export type FixtureLatency = number | FixtureLatencyObject;
export interface FixtureLatencyObject {
  mean: number;
  stddev?: number;
}

export interface FixtureStreamingObject {
  latency?: number;
  chunk_size?: number;
  chunk_tokens?: number;
  profile?: ProfileName;
  ttft_ms?: FixtureLatency;
  tbt_ms?: FixtureLatency;
  prompt_ms_per_1k_tokens?: number;
}

export interface FixtureFailureObject {
  latency_ms?: number;
  hang_ms?: number;
  corrupt_body?: boolean;
  truncate_after_frames?: number;
  truncate_after_chunks?: number;
  disconnect_after_ms?: number;
  latency_jitter_ms?: number;
  stream_error?: FixtureStreamErrorObject;
  duplicate_frames?: boolean;
  probability?: number;
  chaos_seed?: number;
}

export interface FixtureStreamErrorObject {
  after_frames: number;
  status?: number;
  message?: string;
}

export interface FixtureErrorObject {
  status: number;
  message?: string;
  headers?: Record<string, string | number>;
}

export interface FixtureRefusalObject {
  reason: string;
}

export interface FixtureRawObject {
  stream: boolean;
  status: number;
  headers?: Record<string, string>;
  chunks: FixtureRawChunkObject[];
}

export interface FixtureRawChunkObject {
  at_ms: number;
  data: string;
}

export interface FixtureScenarioObject {
  name: string;
  required_state?: string;
  set_state?: string;
}

/** Every key of T, each marked `required` or `optional` as T declares it. */
type KeyRules<T> = { [K in keyof Required<T>]-?: {} extends Pick<T, K> ? 'optional' : 'required' };

/**
 * Every object type's keys, by the name of the schema object it mirrors. `satisfies` makes the
 * compiler reject a missing key, an extra key or a wrong required/optional mark; the schema test
 * compares this with the schema's `properties` and `required`.
 */
export const FIXTURE_OBJECT_KEYS = {
  file: { fixtures: 'required' },
  fixture: {
    name: 'optional', match: 'optional', provider: 'optional', response: 'optional', streaming: 'optional', failure: 'optional', error: 'optional', refusal: 'optional', raw: 'optional',
    sequence: 'optional', times: 'optional', scenario: 'optional', priority: 'optional', catch_all: 'optional',
  },
  sequenceItem: { response: 'optional', streaming: 'optional', failure: 'optional', error: 'optional', refusal: 'optional', raw: 'optional' },
  match: {
    user_message: 'optional', model: 'optional', system_prompt: 'optional', tool_schema: 'optional', headers: 'optional', metadata: 'optional', last_message_role: 'optional',
    tool_call_id: 'optional', tool_result_contains: 'optional', message_count: 'optional', turn_index: 'optional', body_jsonpath: 'optional', temperature: 'optional',
  },
  temperature: { min: 'optional', max: 'optional' },
  countRange: { min: 'optional', max: 'optional' },
  pattern: { regex: 'optional', equals: 'optional', contains: 'optional', ignore_case: 'optional' },
  response: {
    content: 'optional', content_template: 'optional', generate: 'optional', tool_calls: 'optional', finish_reason: 'optional', stop_reason: 'optional', thinking: 'optional',
    usage: 'optional', embedding: 'optional',
  },
  generate: { kind: 'required', target_tokens: 'optional' },
  toolCall: { name: 'required', arguments: 'optional' },
  streaming: { latency: 'optional', chunk_size: 'optional', chunk_tokens: 'optional', profile: 'optional', ttft_ms: 'optional', tbt_ms: 'optional', prompt_ms_per_1k_tokens: 'optional' },
  latencyDistribution: { mean: 'required', stddev: 'optional' },
  failure: {
    latency_ms: 'optional', hang_ms: 'optional', corrupt_body: 'optional', truncate_after_frames: 'optional', truncate_after_chunks: 'optional', disconnect_after_ms: 'optional',
    latency_jitter_ms: 'optional', stream_error: 'optional', duplicate_frames: 'optional', probability: 'optional', chaos_seed: 'optional',
  },
  streamError: { after_frames: 'required', status: 'optional', message: 'optional' },
  error: { status: 'required', message: 'optional', headers: 'optional' },
  usage: { input_tokens: 'optional', output_tokens: 'optional', reasoning_tokens: 'optional' },
  raw: { stream: 'required', status: 'required', headers: 'optional', chunks: 'required' },
  rawChunk: { at_ms: 'required', data: 'required' },
  refusal: { reason: 'required' },
  scenario: { name: 'required', required_state: 'optional', set_state: 'optional' },
} as const satisfies {
  file: KeyRules<FixtureFileObject>;
  fixture: KeyRules<FixtureObject>;
  sequenceItem: KeyRules<FixtureOutcomeObject>;
  match: KeyRules<FixtureMatchObject>;
  temperature: KeyRules<FixtureRangeObject>;
  countRange: KeyRules<FixtureRangeObject>;
  pattern: KeyRules<FixturePatternObject>;
  response: KeyRules<FixtureResponseObject>;
  generate: KeyRules<FixtureGenerateObject>;
  toolCall: KeyRules<FixtureToolCallObject>;
  streaming: KeyRules<FixtureStreamingObject>;
  latencyDistribution: KeyRules<FixtureLatencyObject>;
  failure: KeyRules<FixtureFailureObject>;
  streamError: KeyRules<FixtureStreamErrorObject>;
  error: KeyRules<FixtureErrorObject>;
  usage: KeyRules<FixtureUsageObject>;
  raw: KeyRules<FixtureRawObject>;
  rawChunk: KeyRules<FixtureRawChunkObject>;
  refusal: KeyRules<FixtureRefusalObject>;
  scenario: KeyRules<FixtureScenarioObject>;
};
