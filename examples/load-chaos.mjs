// Load chaos as a load test uses it: the `stress_aimd` preset answers every request (no
// fixtures needed), a share of them with 429/529/503; a classifier-style template answer per
// request through X-Fake-Template; then what happened, from /admin/stats.
// Run: npm install && node examples/load-chaos.mjs
import OpenAI from 'openai';
import { loadPreset, mergeChaosConfig, startServer } from 'llmposter';

// The preset's latency is set to 0 so the example runs in a blink, and its bursts (80% 429s for
// 5 s of every 30, from the first request) are off so 200 requests show its steady mix:
// 15% 429, 5% 529, 2% 503 and a few 5xx. `seed` makes the run repeatable.
const chaos = mergeChaosConfig(loadPreset('stress_aimd'), { latency: { base_ms: 0, jitter_ms: 0 }, error_injection: { burst: { enabled: false } } });
const server = await startServer({ port: 0, seed: 7, chaos, logger: { debug() {}, info() {}, warn() {}, error() {} } });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
const template = `{"label": "{{ random_choice(['spam', 'ham']) }}", "score": {{ random_float(0.5, 1.0) | round(2) }}}`;
try {
  const outcomes = {};
  let firstLabel;
  for (let i = 0; i < 200; i++) {
    try {
      const res = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `message ${i}` }] }, { headers: { 'X-Fake-Template': template } });
      firstLabel ??= JSON.parse(res.choices[0].message.content).label;
      outcomes.ok = (outcomes.ok ?? 0) + 1;
    } catch (err) {
      outcomes[err.status] = (outcomes[err.status] ?? 0) + 1;
    }
  }
  console.log(`first answer's label: ${firstLabel}`);
  console.log(`client saw: ${JSON.stringify(outcomes)}`);
  server.metrics?.flush();
  const stats = await (await fetch(`${server.url}/admin/stats`)).json();
  console.log(`server counted: ${stats.total_requests} requests, error_rate ${stats.error_rate.toFixed(1)}%`);
} finally {
  await server.close();
}
