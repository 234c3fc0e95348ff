// Embeddings with the official OpenAI SDK against llmposter: generated vectors (no fixture
// needed), a fixture's own vector, `dimensions`, and an error fixture.
// Run: npm install && node examples/embeddings.mjs
import OpenAI from 'openai';
import { startServer } from 'llmposter';

const server = await startServer({ fixtures: new URL('../fixtures', import.meta.url).pathname, port: 0 });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
const model = 'text-embedding-3-small';

try {
  // One vector per input, in order. The SDK asks for base64 and decodes it for you.
  const res = await client.embeddings.create({ model, input: ['example: cat', 'The quick brown fox'] });
  console.log('vectors:', res.data.map((d) => `#${d.index} ${d.embedding.length} numbers`).join(', '));
  console.log('fixture vector:', res.data[0].embedding.map((x) => x.toFixed(2)).join(' '));

  // Generated vectors are fixed by (server seed, model, text): the same text, the same vector.
  const again = await client.embeddings.create({ model, input: 'The quick brown fox' });
  console.log('same text, same vector:', again.data[0].embedding.every((x, i) => x === res.data[1].embedding[i]));
  const length = Math.hypot(...again.data[0].embedding);
  console.log('length:', length.toFixed(3));

  const small = await client.embeddings.create({ model, input: 'shorter, please', dimensions: 256 });
  console.log('dimensions:', small.data[0].embedding.length);

  try {
    await client.embeddings.create({ model, input: 'example: rate-limit' });
  } catch (err) {
    if (!(err instanceof OpenAI.RateLimitError)) throw err;
    console.log('rate limited: status', err.status);
  }
} finally {
  await server.close();
}
