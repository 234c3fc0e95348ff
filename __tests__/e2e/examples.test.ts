/** Every runnable example in examples/ works as the README says (run against the build). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadFixtures, startServer, type RunningServer } from '../../src/index.js';
import { PROVIDER_NAMES } from '../../src/canonical/request.js';
import { ELIZA_RULES } from '../../src/generate/eliza.js';
import { CODEC_ROUTES } from '../../src/providers/routes.js';
import { silentLogger } from '../../src/log/logger.js';
import { chat, postRaw } from '../helpers/server.js';

const BUNDLED = fileURLToPath(new URL('../../fixtures', import.meta.url));

const run = (file: string) => promisify(execFile)(process.execPath, [fileURLToPath(new URL(`../../examples/${file}`, import.meta.url))]);

describe('examples', () => {
  it('quickstart.mjs: answer, stream and a handled 429', async () => {
    const { stdout } = await run('quickstart.mjs');
    expect(stdout).toContain('answer: Hello! I am llmposter, a mock LLM.');
    expect(stdout).toContain('streamed: This answer arrives in small pieces, fifty milliseconds apart.');
    expect(stdout).toContain('rate limited: status 429 retry-after 2');
  });

  it('load-chaos.mjs: the stress_aimd mix and template answers, counted again by /admin/stats', async () => {
    const { stdout } = await run('load-chaos.mjs');
    expect(stdout).toMatch(/^first answer's label: (spam|ham)$/m);
    const seen = JSON.parse(/^client saw: (.*)$/m.exec(stdout)![1]) as Record<string, number>;
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(200);
    expect(seen.ok).toBeGreaterThan(120); // about 78% pass
    expect(seen['429']).toBeGreaterThan(10); // about 15% are 429s
    const errors = 200 - seen.ok;
    expect(stdout).toContain(`server counted: 200 requests, error_rate ${((errors / 200) * 100).toFixed(1)}%`);
  });

  it('retry-backoff.mjs: the SDK retries through the 429 sequence', async () => {
    const { stdout } = await run('retry-backoff.mjs');
    expect(stdout).toContain('after retries: Third time lucky.');
  });

  it('anthropic.mjs: answer, streamed thinking, a tool loop and a mid-stream overload through @anthropic-ai/sdk', async () => {
    const { stdout } = await run('anthropic.mjs');
    expect(stdout).toContain('answer: Hello! I am llmposter, a mock LLM. (end_turn)');
    expect(stdout).toContain('thinking: A haiku: five, seven and five syllables, about a server that pretends.');
    expect(stdout).toContain('streamed: Fixtures on the disk / a server plays the model / tests pass before lunch');
    expect(stdout).toContain('tool call: get_weather {"city":"Paris"} (tool_use)');
    expect(stdout).toContain('after the tool: It is sunny in Paris today.');
    expect(stdout).toContain('mid-stream error: overloaded_error');
  });

  it('responses.mjs: answer, retrieve, streamed reasoning, a tool loop, instructions and a mid-stream error through client.responses', async () => {
    const { stdout } = await run('responses.mjs');
    expect(stdout).toContain('answer: Hello! I am llmposter, a mock LLM. (completed)');
    expect(stdout).toContain('retrieved: true Hello! I am llmposter, a mock LLM.');
    expect(stdout).toContain('reasoning: Three steps: read the fixture, match the input, stream the answer.');
    expect(stdout).toContain('streamed: Fixtures in, answers out.');
    expect(stdout).toContain('tool call: get_weather {"city":"Paris"}');
    expect(stdout).toContain('after the tool: It is sunny in Paris today.');
    expect(stdout).toContain('instructions: Ahoy, matey!');
    expect(stdout).toContain('mid-stream error: overloaded Overloaded');
    expect(stdout).toContain('status: failed');
  });

  it('embeddings.mjs: a fixture vector, generated ones (stable, unit length, sized), a 429', async () => {
    const { stdout } = await run('embeddings.mjs');
    expect(stdout).toContain('vectors: #0 3 numbers, #1 1536 numbers');
    expect(stdout).toContain('fixture vector: 0.60 0.80 0.00');
    expect(stdout).toContain('same text, same vector: true');
    expect(stdout).toContain('length: 1.000');
    expect(stdout).toContain('dimensions: 256');
    expect(stdout).toContain('rate limited: status 429');
  });

  it('gemini.mjs: text, streamed thoughts, a tool loop, a safety block, countTokens, embeddings and a mid-stream error through @google/genai', async () => {
    const { stdout } = await run('gemini.mjs');
    expect(stdout).toContain('answer: Hello! I am llmposter, a mock LLM. (STOP)');
    expect(stdout).toContain('thoughts: A haiku: five, seven and five syllables, about a server that pretends.');
    expect(stdout).toContain('streamed: Fixtures on the disk / a server plays the model / tests pass before lunch');
    expect(stdout).toContain('function call: get_weather {"city":"Paris"}');
    expect(stdout).toContain('after the function: It is sunny in Paris today.');
    expect(stdout).toContain('blocked: true SAFETY');
    expect(stdout).toMatch(/tokens: [1-9]\d*\n/);
    expect(stdout).toContain('embeddings: 8 8');
    expect(stdout).toContain('mid-stream error: 503 "You will"');
  });

  it('jest-use-llmposter.test.mjs: a jest test using useLlmposter() and the journal, run by jest itself', async () => {
    const jest = fileURLToPath(new URL('../../node_modules/jest/bin/jest.js', import.meta.url));
    const example = fileURLToPath(new URL('../../examples/jest-use-llmposter.test.mjs', import.meta.url));
    const env = { ...process.env };
    for (const name of ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'LLMPOSTER_URL', 'NODE_OPTIONS']) delete env[name];
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', jest, '--config', '{}', '--runInBand', example], { env, timeout: 60_000 });
    const output = `${stdout}\n${stderr}`;
    expect(output).toContain('sent: [{"role":"system","content":"Summarise in one line."},{"role":"user","content":"quarterly report"}]');
    expect(output).toContain('statuses: 404 no_match, 429 error:429');
    expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
  }, 70_000);

  it('azure.mjs: the AzureOpenAI client, the deployment as the model', async () => {
    const { stdout } = await run('azure.mjs');
    expect(stdout).toContain('answer: Hello from your Azure deployment my-gpt-4o.');
    expect(stdout).toContain('streamed: This answer arrives in small pieces, fifty milliseconds apart.');
    expect(stdout).toContain('prod-gpt-4o: This answer comes only from deployments named prod-*.');
    expect(stdout).toContain('embeddings: 3 1536 from my-embedder');
  });
  it('vercel-ai.mjs: streamText over Chat Completions and Responses, generateText through retries (Vercel AI SDK)', async () => {
    const { stdout } = await run('vercel-ai.mjs');
    // Five-character chunks: the text arrives in many deltas, not one.
    const m = /^chat streamed: This answer arrives in small pieces, fifty milliseconds apart\. \((\d+) pieces\)$/m.exec(stdout);
    expect(Number(m?.[1])).toBeGreaterThan(5);
    expect(stdout).toMatch(/^finish: stop, output tokens: [1-9]\d*$/m);
    expect(stdout).toContain('responses streamed: Hello! I am llmposter, a mock LLM.');
    expect(stdout).toContain('after retries: Third time lucky.');
  });
});

describe('the bundled fixtures (fixtures/) show what llmposter does, and only that', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ fixtures: BUNDLED, port: 0, logger: silentLogger, env: {}, jobs: { latencyMs: 0 } });
  });
  afterAll(() => server.close());

  const streamFrames = async (message: string): Promise<string[]> => {
    const res = await postRaw(`${server.url}/v1/chat/completions`, chat(message, { stream: true }));
    expect(res.status).toBe(200);
    return res.text.split('\n\n').filter((f) => f.trim() !== '');
  };
  /** Every frame sent twice, back to back. */
  const doubled = (frames: string[]) => frames.length % 2 === 0 && frames.every((f, i) => f === frames[i - (i % 2)]);

  it('advertise no API llmposter does not serve (a provider no route serves is never named)', async () => {
    // What the data plane serves, read from the route lists themselves: as a surface lands,
    // its examples may appear; until then its name must not.
    const served = new Set<string>(CODEC_ROUTES.map((r) => r.codec.provider));
    const servesEmbeddings = CODEC_ROUTES.some((r) => r.path === '/v1/embeddings');
    const words = [...PROVIDER_NAMES.filter((p) => !served.has(p)), ...(servesEmbeddings ? [] : ['embedding'])];
    const dirs = [BUNDLED, fileURLToPath(new URL('../../examples', import.meta.url))];
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), 'utf8').toLowerCase();
        for (const word of words) expect([name, word, text.includes(word)]).toEqual([name, word, false]);
      }
    }
    const set = await loadFixtures([BUNDLED]);
    for (const f of set.fixtures) {
      expect([f.id, f.provider === undefined || served.has(f.provider)]).toEqual([f.id, true]);
      for (const o of f.outcomes) if (o.kind === 'response' && !servesEmbeddings) expect([f.id, o.response.embedding]).toEqual([f.id, undefined]);
    }
  });

  it('the "example: claude ..." fixtures answer Anthropic clients only', async () => {
    const body = { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'example: claude max tokens' }] };
    const res = await postRaw(`${server.url}/v1/messages`, body);
    expect(JSON.parse(res.text)).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: 'This answer stops before it is' }] });
    // An OpenAI client with the same words reaches the catch-all's list of triggers.
    const openai = await postRaw(`${server.url}/v1/chat/completions`, chat('example: claude max tokens'));
    expect(JSON.parse(openai.text).choices[0].message.content).toMatch(/^No example answers that\./);
  });

  it('the "example: responses ..." fixtures answer Responses clients only', async () => {
    const res = await postRaw(`${server.url}/v1/responses`, { model: 'gpt-4o', input: 'example: responses think' });
    expect(JSON.parse(res.text).output.map((o: { type: string }) => o.type)).toEqual(['reasoning', 'message']);
    const openai = await postRaw(`${server.url}/v1/chat/completions`, chat('example: responses think'));
    expect(JSON.parse(openai.text).choices[0].message.content).toMatch(/^No example answers that\./);
  });

  it('the "example: gemini ..." fixtures answer Gemini clients only', async () => {
    const res = await postRaw(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ parts: [{ text: 'example: gemini unsafe' }] }] });
    expect(JSON.parse(res.text).candidates[0]).toMatchObject({ finishReason: 'SAFETY', finishMessage: 'This request was blocked by the safety filter.' });
    const openai = await postRaw(`${server.url}/v1/chat/completions`, chat('example: gemini unsafe'));
    expect(JSON.parse(openai.text).choices[0].message.content).toMatch(/^No example answers that\./);
  });

  it('"example: chaos" shows chaos: every frame doubled, on every request', async () => {
    for (let i = 0; i < 3; i++) {
      const frames = await streamFrames('example: chaos');
      expect(frames.at(-1)).toBe('data: [DONE]');
      expect(doubled(frames)).toBe(true);
    }
  });

  it('"example: sometimes chaos" doubles the frames of some requests and not others', async () => {
    const runs: boolean[] = [];
    for (let i = 0; i < 24; i++) runs.push(doubled(await streamFrames('example: sometimes chaos')));
    expect(runs).toContain(true);
    expect(runs).toContain(false);
  });

  it('the README jobs example gets ELIZA\'s reply, not a catch-all', async () => {
    // The body from the README's `POST /v1/jobs` section, verbatim.
    const submitted = await postRaw(`${server.url}/v1/jobs`, {
      op: 'llm.chat',
      args: { model: 'llama3.1:8b', messages: [{ role: 'user', content: 'I need a holiday' }] },
      timeout_ms: 8000,
      trace_id: 'run-42',
    });
    expect(submitted.status).toBe(201);
    const id = JSON.parse(submitted.text).id as string;
    let job: { state: string; result: { text: string } | null } = { state: 'queued', result: null };
    while (job.state === 'queued' || job.state === 'running') {
      job = (await (await fetch(`${server.url}/v1/jobs/${id}`)).json()) as typeof job;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(job.state).toBe('ok');
    expect(ELIZA_RULES[0].templates.map((t) => t.replace('{0}', 'a holiday'))).toContain(job.result?.text);
  });

  it('an "example: ..." message no example knows lists the triggers; anything else is a plain no-match 404', async () => {
    const res = await postRaw(`${server.url}/v1/chat/completions`, chat('example: helo'));
    expect(JSON.parse(res.text).choices[0].message.content).toMatch(/^No example answers that\. Try "example: hello"/);
    expect((await postRaw(`${server.url}/v1/chat/completions`, chat('what is the weather like?'))).status).toBe(404);
  });
});
