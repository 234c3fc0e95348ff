// Check that a client's retry logic rides through "fail twice with 429, then succeed":
// the `example: flaky` fixture is a sequence, and the SDK's own retries (maxRetries: 2) absorb it.
// Run: npm install && node examples/retry-backoff.mjs
import OpenAI from 'openai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 2 });
try {
  const t0 = Date.now();
  const res = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: flaky' }] });
  console.log(`after retries: ${res.choices[0].message.content} (${Date.now() - t0} ms, honouring retry-after)`);
} finally {
  await server.close();
}
