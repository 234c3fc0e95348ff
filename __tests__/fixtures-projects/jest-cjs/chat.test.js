const { useLlmposter } = require('../../../dist/testing/index.cjs');
const OpenAI = require('openai');

const llm = useLlmposter({ env: true });

test('useLlmposter under jest CommonJS', async () => {
  llm.addFixtures({ match: { user_message: 'hi' }, response: { content: 'Hello from CommonJS.' } });
  const res = await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  expect(res.choices[0].message.content).toBe('Hello from CommonJS.');
  expect(llm.lastRequest().body.messages[0].content).toBe('hi');
});

test('the next test starts clean', () => {
  expect(llm.requests()).toEqual([]);
});
