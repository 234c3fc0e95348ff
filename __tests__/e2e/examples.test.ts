/** Every runnable example in examples/ works as the README says (run against the build). */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = (file: string) => promisify(execFile)(process.execPath, [fileURLToPath(new URL(`../../examples/${file}`, import.meta.url))]);

describe('examples', () => {
  it('quickstart.mjs: answer, stream and a handled 429', async () => {
    const { stdout } = await run('quickstart.mjs');
    expect(stdout).toContain('answer: Hello! I am llmposter, a mock LLM.');
    expect(stdout).toContain('streamed: This answer arrives in small pieces, fifty milliseconds apart.');
    expect(stdout).toContain('rate limited: status 429 retry-after 2');
  });

  it('retry-backoff.mjs: the SDK retries through the 429 sequence', async () => {
    const { stdout } = await run('retry-backoff.mjs');
    expect(stdout).toContain('after retries: Third time lucky.');
  });
});
