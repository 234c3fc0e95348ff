// Start llmposter in-process on the bundled fixtures and talk to it with the official Google Gen AI SDK.
// The base URL is the server's, without /v1beta (the SDK adds /v1beta/models/... itself).
// Run: npm install && node examples/gemini.mjs
import { ApiError, GoogleGenAI } from '@google/genai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
// The SDK does not retry unless httpOptions.retryOptions says so.
const ai = new GoogleGenAI({ apiKey: 'not-needed', httpOptions: { baseUrl: server.url } });
const model = 'gemini-2.5-flash';

try {
  // Fixtures without `provider:` answer every API, Gemini's included.
  const hello = await ai.models.generateContent({ model, contents: 'example: hello' });
  console.log('answer:', hello.text, `(${hello.candidates[0].finishReason})`);

  // Streamed thoughts, then text: chunk.text leaves the thought parts out.
  let thoughts = '';
  let streamed = '';
  for await (const chunk of await ai.models.generateContentStream({ model, contents: 'example: gemini thinking' })) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (part.thought) thoughts += part.text;
    streamed += chunk.text ?? '';
  }
  console.log('thoughts:', thoughts);
  console.log('streamed:', streamed);

  // A tool loop: the model calls get_weather, we send the functionResponse back.
  const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } }] }];
  const question = { role: 'user', parts: [{ text: 'example: gemini weather' }] };
  const first = await ai.models.generateContent({ model, contents: [question], config: { tools } });
  const call = first.functionCalls[0];
  console.log('function call:', call.name, JSON.stringify(call.args));
  const second = await ai.models.generateContent({
    model,
    config: { tools },
    contents: [question, first.candidates[0].content, { role: 'user', parts: [{ functionResponse: { name: call.name, response: { forecast: 'sunny' } } }] }],
  });
  console.log('after the function:', second.text);

  // A safety block: no text, finishReason SAFETY.
  const blocked = await ai.models.generateContent({ model, contents: 'example: gemini unsafe' });
  console.log('blocked:', blocked.text === undefined, blocked.candidates[0].finishReason);

  // Token counting and embeddings need no fixture.
  const counted = await ai.models.countTokens({ model, contents: 'example: hello' });
  console.log('tokens:', counted.totalTokens);
  const embedded = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['first', 'second'], config: { outputDimensionality: 8 } });
  console.log('embeddings:', embedded.embeddings.map((e) => e.values.length).join(' '));

  // A mid-stream error: two chunks, then the SDK raises the {error} element.
  let before = '';
  try {
    for await (const chunk of await ai.models.generateContentStream({ model, contents: 'example: gemini overloaded' })) before += chunk.text;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    console.log('mid-stream error:', err.status, JSON.stringify(before));
  }
} finally {
  await server.close();
}
