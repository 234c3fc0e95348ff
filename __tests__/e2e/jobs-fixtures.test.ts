/**
 * `llm.chat` jobs answered from the fixtures through the same engine as
 * `POST /v1/chat/completions`, on the real server: texts, tool calls and refusals become the
 * job's text, an `error:` fixture fails the job with `HTTP_<status>`, a sequence advances per
 * job, and no match falls back to ELIZA.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jobElizaReply } from '../../src/jobs/modes.js';
import { postRaw, startWith, type Harness } from '../helpers/server.js';

const FIXTURES = `
fixtures:
  - match: { user_message: "text please" }
    response: { content: "a fixture text" }
  - match: { user_message: "call a tool" }
    response:
      tool_calls: [{ name: lookup, arguments: { q: "x" } }]
  - match: { user_message: "refuse" }
    refusal: { reason: "I won't." }
  - match: { user_message: "flaky backend" }
    sequence:
      - error: { status: 429, message: "slow down" }
      - response: { content: "recovered" }
`;

let h: Harness;
beforeAll(async () => {
  h = await startWith({ 'f.yaml': FIXTURES }, { jobs: { latencyMs: 0, seed: 1337 } });
});
afterAll(() => h.close());

interface JobView {
  state: string;
  result: { text: string } | null;
  error: { code: string; message: string } | null;
}

/** Submit an llm.chat job and poll (bounded by the test timeout) until it is final. */
async function runJob(userMessage: string): Promise<JobView> {
  const res = await postRaw(`${h.server.url}/v1/jobs`, { op: 'llm.chat', args: { model: 'gpt-4o', messages: [{ role: 'user', content: userMessage }] } });
  expect(res.status).toBe(201);
  const { id } = JSON.parse(res.text) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${h.server.url}/v1/jobs/${id}`)).json()) as JobView;
    if (!['queued', 'running'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('llm.chat jobs answer from the fixtures', () => {
  it.each([
    ['text please', 'a fixture text'],
    ['call a tool', 'lookup({"q":"x"})'],
    ['refuse', "I won't."],
  ])('%s -> %s', async (prompt, text) => {
    const job = await runJob(prompt);
    expect(job).toMatchObject({ state: 'ok', error: null, result: { text } });
  });

  it('an error fixture fails the job with its status and message, and the sequence moves on', async () => {
    expect(await runJob('flaky backend')).toMatchObject({ state: 'fail', result: null, error: { code: 'HTTP_429', message: 'slow down' } });
    expect(await runJob('flaky backend')).toMatchObject({ state: 'ok', result: { text: 'recovered' } });
  });

  it('no match: ELIZA answers', async () => {
    expect(await runJob('I need a holiday')).toMatchObject({ state: 'ok', result: { text: jobElizaReply(1337, 'I need a holiday') } });
  });
});
