// The Vercel AI SDK (`ai` + `@ai-sdk/openai`) against llmposter: streamText over Chat
// Completions and over the Responses API, and generateText through a 429 sequence it retries.
// Point the provider at the server with /v1; any API key works.
// Run: npm install && node examples/vercel-ai.mjs
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const provider = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed' });

try {
  // provider.chat(...): POST /v1/chat/completions, streamed as SSE chunks.
  const chat = streamText({ model: provider.chat('gpt-4o'), prompt: 'example: stream' });
  let pieces = 0;
  let streamed = '';
  for await (const delta of chat.textStream) {
    pieces++;
    streamed += delta;
  }
  console.log(`chat streamed: ${streamed} (${pieces} pieces)`);
  console.log(`finish: ${await chat.finishReason}, output tokens: ${(await chat.usage).outputTokens}`);

  // provider.responses(...): POST /v1/responses, the Responses API's own event stream.
  const responses = streamText({ model: provider.responses('gpt-4o'), prompt: 'example: hello' });
  console.log(`responses streamed: ${await responses.text}`);

  // `example: flaky` answers 429, 429, then text: the SDK's retries (maxRetries 2) ride through.
  const flaky = await generateText({ model: provider.chat('gpt-4o'), prompt: 'example: flaky', maxRetries: 2 });
  console.log(`after retries: ${flaky.text}`);
} finally {
  await server.close();
}
