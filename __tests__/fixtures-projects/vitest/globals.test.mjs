// globals: true: the hooks are global, as under jest.
import { expect, test } from 'vitest';
import OpenAI from 'openai';
import { useLlmposter } from '../../../dist/testing/index.js';

const llm = useLlmposter({ env: true });

test('useLlmposter under vitest (globals)', async () => {
  expect(process.env.OPENAI_BASE_URL).toBe(`${llm.url}/v1`);
  llm.addFixtures({ match: { user_message: 'hi' }, response: { content: 'Hello from vitest.' } });
  const res = await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  expect(res.choices[0].message.content).toBe('Hello from vitest.');
  expect(llm.lastRequest()?.body).toMatchObject({ messages: [{ role: 'user', content: 'hi' }] });
});

test('the next test starts clean', () => {
  expect(llm.requests()).toEqual([]);
});
