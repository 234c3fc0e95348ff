// Start llmposter in-process on the bundled fixtures and talk to it with the official OpenAI SDK.
// Run: npm install && node examples/quickstart.mjs
import OpenAI from 'openai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });

try {
  const hello = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: hello' }] });
  console.log('answer:', hello.choices[0].message.content);

  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: stream' }], stream: true });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  console.log('streamed:', streamed);

  try {
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'example: rate-limit' }] });
  } catch (err) {
    if (!(err instanceof OpenAI.RateLimitError)) throw err;
    console.log('rate limited: status', err.status, 'retry-after', err.headers?.get('retry-after'));
  }
} finally {
  await server.close();
}
