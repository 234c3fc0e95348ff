/** The bounded store behind GET /v1/responses/{id}, and the status table. */
import { describe, expect, it } from '@jest/globals';
import { responsesStatus } from '../../../../src/providers/openai-responses/finish-reason.js';
import { BoundedResponseStore, KEPT_RESPONSES } from '../../../../src/providers/openai-responses/store.js';

describe('BoundedResponseStore', () => {
  it('keeps the last `limit` responses, dropping the oldest first', () => {
    const store = new BoundedResponseStore(3);
    for (const id of ['a', 'b', 'c', 'd']) store.put(id, `{"id":"${id}"}`);
    expect(store.size).toBe(3);
    expect([store.get('a'), store.get('b'), store.get('d')]).toEqual([undefined, '{"id":"b"}', '{"id":"d"}']);
  });

  it('a replaced response counts as new', () => {
    const store = new BoundedResponseStore(2);
    store.put('a', '1');
    store.put('b', '2');
    store.put('a', '3');
    store.put('c', '4');
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['3', undefined, '4']);
  });

  it('keeps 1,000 by default, and clear() empties it', () => {
    expect(KEPT_RESPONSES).toBe(1000);
    const store = new BoundedResponseStore();
    for (let i = 0; i < 1001; i++) store.put(`r${i}`, '{}');
    expect([store.size, store.get('r0'), store.get('r1')]).toEqual([1000, undefined, '{}']);
    store.clear();
    expect(store.size).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new BoundedResponseStore(0)).toThrow(/limit >= 1/);
  });
});

describe('responsesStatus', () => {
  it.each([
    ['stop', 'completed', null],
    ['tool_calls', 'completed', null],
    ['refusal', 'completed', null],
    ['stop_sequence', 'completed', null],
    ['other', 'completed', null],
    ['length', 'incomplete', { reason: 'max_output_tokens' }],
    ['content_filter', 'incomplete', { reason: 'content_filter' }],
  ] as const)('%s -> %s', (reason, status, details) => {
    expect(responsesStatus({ reason })).toEqual({ status, incompleteDetails: details });
  });
});
