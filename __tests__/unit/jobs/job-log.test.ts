import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJobLog } from '../../../src/jobs/job-log.js';

describe('FileJobLog', () => {
  it('reads null before the file exists, appends, and rewrites in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmposter-log-'));
    const path = join(dir, 'jobs.jsonl');
    const log = new FileJobLog(path);
    expect(await log.read()).toBeNull();
    await log.append('a\n');
    await log.append('b\n');
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
    await log.rewrite('header\n');
    // Appends after a rewrite go to the new file, not the replaced one.
    await log.append('c\n');
    expect(await log.read()).toBe('header\nc\n');
    await log.close();
    // No temporary file left behind.
    expect(readdirSync(dir)).toEqual(['jobs.jsonl']);
  });

  it('fails a rewrite into a missing folder without touching anything', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'llmposter-log-')), 'missing', 'jobs.jsonl');
    await expect(new FileJobLog(path).rewrite('x\n')).rejects.toThrow(/ENOENT/);
    expect(existsSync(path)).toBe(false);
  });
});
