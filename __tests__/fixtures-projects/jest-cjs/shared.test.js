const { connectLlmposter } = require('../../../dist/testing/index.cjs');
const Anthropic = require('@anthropic-ai/sdk');

test('the run\'s server, shared through LLMPOSTER_URL, scoped to this test by its id', async () => {
  const llm = connectLlmposter({ testId: 'cjs-shared' });
  expect(process.env.ANTHROPIC_BASE_URL).toBe(llm.url);
  await llm.addFixtures({ match: { user_message: 'hi', headers: { 'x-llmposter-test-id': 'cjs-shared' } }, response: { content: 'Hello, shared.' } });
  const client = new Anthropic({ maxRetries: 0, defaultHeaders: llm.headers });
  const res = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] });
  expect(res.content[0].text).toBe('Hello, shared.');
  const [sent] = await llm.requests();
  expect([sent.provider, sent.test_id, sent.user_message]).toEqual(['anthropic', 'cjs-shared', 'hi']);
});
