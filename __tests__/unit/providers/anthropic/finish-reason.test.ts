import { describe, expect, it } from '@jest/globals';
import type { Finish } from '../../../../src/canonical/answer.js';
import { anthropicStopReason } from '../../../../src/providers/anthropic/finish-reason.js';
import { fixtureFinish } from '../../../../src/fixture-set/finish-words.js';

describe('anthropicStopReason', () => {
  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['stop_sequence', 'stop_sequence'],
    ['content_filter', 'refusal'],
    ['refusal', 'refusal'],
    ['other', 'end_turn'],
  ] as const)('neutral %s -> %s', (reason, word) => {
    expect(anthropicStopReason({ reason })).toBe(word);
  });

  it.each([
    // A fixture's stop_reason goes out verbatim, whatever its neutral reading.
    [fixtureFinish(undefined, 'end_turn'), 'end_turn'],
    [fixtureFinish(undefined, 'refusal'), 'refusal'],
    [fixtureFinish(undefined, 'pause_turn'), 'pause_turn'],
    [fixtureFinish(undefined, 'model_context_window_exceeded'), 'model_context_window_exceeded'],
    // OpenAI words map; an unknown one goes out as written.
    [fixtureFinish('length', undefined), 'max_tokens'],
    [fixtureFinish('tool_calls', undefined), 'tool_use'],
    [fixtureFinish('content_filter', undefined), 'refusal'],
    [fixtureFinish('eos', undefined), 'eos'],
    // Both written: Anthropic's own word wins.
    [fixtureFinish('stop', 'stop_sequence'), 'stop_sequence'],
  ] as Array<[Finish, string]>)('%j -> %s', (finish, word) => {
    expect(anthropicStopReason(finish)).toBe(word);
  });
});
