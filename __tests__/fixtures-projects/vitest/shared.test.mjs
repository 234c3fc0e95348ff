// The run's server (global setup), found through LLMPOSTER_URL, one test id per test.
import { expect, test } from 'vitest';
import OpenAI from 'openai';
import { connectLlmposter } from '../../../dist/testing/index.js';

test('the run\'s server, scoped to this test by its id', async () => {
  const llm = connectLlmposter({ testId: 'vitest-shared' });
  expect(process.env.OPENAI_BASE_URL).toBe(`${llm.url}/v1`);
  await llm.addFixtures({ match: { user_message: 'hi', headers: { 'x-llmposter-test-id': 'vitest-shared' } }, response: { content: 'Hello, shared.' } });
  const res = await new OpenAI({ maxRetries: 0, defaultHeaders: llm.headers }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  expect(res.choices[0].message.content).toBe('Hello, shared.');
  expect((await llm.requests()).map((e) => e.test_id)).toEqual(['vitest-shared']);
});
