// Start llmposter in-process on the bundled fixtures and talk to it with the official Anthropic SDK.
// The base URL is the server's, without /v1 (the SDK adds /v1/messages itself).
// Run: npm install && node examples/anthropic.mjs
import Anthropic from '@anthropic-ai/sdk';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const client = new Anthropic({ baseURL: server.url, apiKey: 'not-needed', maxRetries: 0 });
const model = 'claude-sonnet-4-6';

try {
  // Fixtures without `provider:` answer every API, Anthropic's included.
  const hello = await client.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'example: hello' }] });
  console.log('answer:', hello.content[0].text, `(${hello.stop_reason})`);

  // Streamed thinking, then text.
  const stream = client.messages.stream({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'example: claude thinking' }] });
  let thinking = '';
  stream.on('thinking', (delta) => (thinking += delta));
  const final = await stream.finalMessage();
  console.log('thinking:', thinking);
  console.log('streamed:', final.content.find((b) => b.type === 'text').text);

  // A tool loop: the model asks for the weather, we answer with a tool_result.
  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
  const question = { role: 'user', content: 'example: claude weather' };
  const first = await client.messages.create({ model, max_tokens: 256, tools, messages: [question] });
  const call = first.content.find((b) => b.type === 'tool_use');
  console.log('tool call:', call.name, JSON.stringify(call.input), `(${first.stop_reason})`);
  const second = await client.messages.create({
    model,
    max_tokens: 256,
    tools,
    messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 22 C' }] }],
  });
  console.log('after the tool:', second.content[0].text);

  // A failure in the middle of a stream: the SDK raises the overloaded_error it carries.
  try {
    await client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'example: claude overloaded' }] }).finalMessage();
  } catch (err) {
    if (!(err instanceof Anthropic.APIError)) throw err;
    console.log('mid-stream error:', err.type);
  }
} finally {
  await server.close();
}
