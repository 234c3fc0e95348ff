// The hooks passed in, as without globals: true.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { useLlmposter } from '../../../dist/testing/index.js';

const llm = useLlmposter({ hooks: { beforeAll, beforeEach, afterEach, afterAll } });

test('useLlmposter under vitest (hooks imported from vitest)', async () => {
  llm.addFixtures({ match: { user_message: 'ping' }, response: { content: 'pong' } });
  const res = await fetch(`${llm.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'ping' }] }),
  });
  expect((await res.json()).choices[0].message.content).toBe('pong');
  expect(llm.requests()).toHaveLength(1);
});
