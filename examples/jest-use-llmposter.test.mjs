// A jest test that checks what your code sent to the model, with llmposter standing in for it:
// one server for this file, a clean slate before each test, the SDK pointed at it through
// OPENAI_BASE_URL (your code does not change), and the request journal to assert on.
// Run (in this repository, whose own jest config only runs __tests__, hence --config '{}'):
//   npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --config '{}' examples/jest-use-llmposter.test.mjs
import { expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { useLlmposter } from 'llmposter/testing';

// The code under test: it makes its own client, from OPENAI_BASE_URL and OPENAI_API_KEY.
async function summarise(text) {
  const client = new OpenAI({ maxRetries: 0 });
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Summarise in one line.' },
      { role: 'user', content: text },
    ],
  });
  return res.choices[0].message.content;
}

const llm = useLlmposter({ fixtures: new URL('../fixtures', import.meta.url).pathname, env: true });

test('sends the system prompt and returns the model\'s answer', async () => {
  llm.addFixtures({ match: { user_message: 'quarterly report' }, response: { content: 'Sales rose; costs fell.' } });

  expect(await summarise('quarterly report')).toBe('Sales rose; costs fell.');

  const sent = llm.lastRequest();
  expect(sent.model).toBe('gpt-4o-mini');
  expect(sent.body.messages[0]).toEqual({ role: 'system', content: 'Summarise in one line.' });
  expect(sent.headers.authorization).toBe('[REDACTED]');
  console.log('sent:', JSON.stringify(sent.body.messages));
});

test('each test starts clean: an empty journal, the last test\'s fixtures gone', async () => {
  expect(llm.requests()).toEqual([]);
  // The bundled fixtures answer "example: rate-limit" with a 429: the caller sees it.
  await expect(summarise('example: rate-limit')).rejects.toMatchObject({ status: 429 });
  await expect(summarise('quarterly report')).rejects.toMatchObject({ status: 404 });
  expect(llm.requests().map((e) => e.status)).toEqual([404, 429]);
  console.log('statuses:', llm.requests().map((e) => `${e.status} ${e.outcome}`).join(', '));
});
