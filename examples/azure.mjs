// Azure OpenAI with the official SDK's AzureOpenAI client against llmposter: set `endpoint` to
// the server's URL; the deployment is the model fixtures match and responses name.
// Run: npm install && node examples/azure.mjs
import { AzureOpenAI } from 'openai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const azure = (deployment) => new AzureOpenAI({ endpoint: server.url, apiKey: 'not-needed', apiVersion: '2024-10-21', deployment, maxRetries: 0 });
const messages = (content) => [{ role: 'user', content }];

try {
  const chat = azure('my-gpt-4o');
  const hello = await chat.chat.completions.create({ model: 'gpt-4o', messages: messages('example: azure') });
  console.log('answer:', hello.choices[0].message.content);

  // Fixtures without `provider:` answer Azure too.
  const stream = await chat.chat.completions.create({ model: 'gpt-4o', messages: messages('example: stream'), stream: true });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  console.log('streamed:', streamed);

  // `model: { regex: "^prod-" }` matches the deployment name (the client's `deployment`).
  const prod = await azure('prod-gpt-4o').chat.completions.create({ model: 'gpt-4o', messages: messages('example: azure prod') });
  console.log('prod-gpt-4o:', prod.choices[0].message.content);

  // A generated vector for the input no fixture matches, the fixture's for the other.
  const emb = await azure('my-embedder').embeddings.create({ model: 'text-embedding-3-small', input: ['example: cat', 'anything'] });
  console.log('embeddings:', emb.data.map((d) => d.embedding.length).join(' '), 'from', emb.model);
} finally {
  await server.close();
}
