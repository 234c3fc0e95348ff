// Start llmposter in-process on the bundled fixtures and talk to it with the official OpenAI SDK's
// Responses API (client.responses). The base URL is the server's with /v1, as for Chat Completions.
// Run: npm install && node examples/responses.mjs
import OpenAI from 'openai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
const model = 'gpt-4o';

try {
  // Fixtures without `provider:` answer the Responses API too.
  const hello = await client.responses.create({ model, input: 'example: hello' });
  console.log('answer:', hello.output_text, `(${hello.status})`);

  // Kept by id (the last 1,000 responses): retrieve it back.
  const again = await client.responses.retrieve(hello.id);
  console.log('retrieved:', again.id === hello.id, again.output_text);

  // Streamed reasoning, then text.
  const stream = client.responses.stream({ model, input: 'example: responses think' });
  let reasoning = '';
  stream.on('response.reasoning_summary_text.delta', (e) => (reasoning += e.delta));
  const final = await stream.finalResponse();
  console.log('reasoning:', reasoning);
  console.log('streamed:', final.output_text);

  // A tool loop: the model calls get_weather, we send back a function_call_output.
  const tools = [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
  const question = { role: 'user', content: 'example: responses weather' };
  const first = await client.responses.create({ model, tools, input: [question] });
  const call = first.output.find((o) => o.type === 'function_call');
  console.log('tool call:', call.name, call.arguments);
  const second = await client.responses.create({
    model,
    tools,
    input: [question, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 22 C' }],
  });
  console.log('after the tool:', second.output_text);

  // `instructions` are what system_prompt matches.
  const pirate = await client.responses.create({ model, instructions: 'You are a pirate.', input: 'example: responses greet' });
  console.log('instructions:', pirate.output_text);

  // A failure in the middle of a stream: the SDK raises an APIError at the `error` event
  // (on the wire, `response.failed` follows it, and the stored response is the failed one).
  const failing = await client.responses.create({ model, input: 'example: responses overloaded', stream: true });
  let id;
  try {
    for await (const event of failing) if (event.type === 'response.created') id = event.response.id;
  } catch (err) {
    if (!(err instanceof OpenAI.APIError)) throw err;
    console.log('mid-stream error:', err.code, err.message);
  }
  console.log('status:', (await client.responses.retrieve(id)).status);
} finally {
  await server.close();
}
