/** Recorded files: appended or started afresh, comments kept, writes queued, never outside the folder. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixtures } from '../../../src/fixture-set/load.js';
import { RecordFiles, type SaveRequest } from '../../../src/record/record-files.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (user: string, content: string) => ({ provider: 'openai', match: { model: { equals: 'gpt-4o' }, user_message: { equals: user }, message_count: 1 }, response: { content }, streaming: { ttft_ms: 5, tbt_ms: 1 } });
const req = (fixtures: object[], over: Partial<SaveRequest> = {}): SaveRequest => ({ name: 't.yaml', fixtures: fixtures as SaveRequest['fixtures'], fresh: false, hosts: ['api.example.com'], mode: 'record-missing', unixSeconds: 1_767_225_600, ...over });

describe('RecordFiles', () => {
  it('adds to an existing file, keeping a user\'s comments on the fixtures it does not touch', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmposter-rf-'));
    writeFileSync(join(dir, 't.yaml'), 'fixtures:\n  # hand-written, keep me\n  - match: { user_message: "hand" }\n    response: { content: "mine" }\n');
    const files = new RecordFiles(dir);
    await files.save(req([fixture('a', 'A')]));
    const text = readFileSync(join(dir, 't.yaml'), 'utf8');
    expect(text).toContain('# hand-written, keep me');
    expect(text).toContain('# Recorded by llmposter (--mode record-missing) from api.example.com; last written 2026-01-01T00:00:00Z.');
    expect((await loadFixtures([dir])).fixtures).toHaveLength(2);
  });

  it('record mode starts a file afresh once per session, then adds to it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmposter-rf-'));
    writeFileSync(join(dir, 't.yaml'), 'fixtures:\n  - response: { content: "from an older session" }\n');
    const files = new RecordFiles(dir);
    await files.save(req([fixture('a', 'A')], { fresh: true, mode: 'record' }));
    await files.save(req([fixture('b', 'B')], { fresh: true, mode: 'record' }));
    const text = readFileSync(join(dir, 't.yaml'), 'utf8');
    expect(text).not.toContain('older session');
    expect((await loadFixtures([dir])).fixtures.map((f) => f.id)).toEqual(['t.yaml#0', 't.yaml#1'].map((id) => join(dir, id)));
  });

  it('many concurrent saves of the same request: one valid file, one fixture per distinct answer run, no temp files left', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmposter-rf-'));
    const files = new RecordFiles(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => files.save(req([fixture('same', i % 2 === 0 ? 'even' : 'odd')]))));
    expect(readdirSync(dir)).toEqual(['t.yaml']);
    const set = await loadFixtures([dir]);
    expect(set.fixtures).toHaveLength(1);
    // Alternating answers: every save differs from the last item, so all 20 are in order.
    expect(readFileSync(join(dir, 't.yaml'), 'utf8').match(/content: (even|odd)/g)).toHaveLength(20);
  });

  it('the same answer again is not repeated; a file that is not a fixture file is left alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmposter-rf-'));
    const files = new RecordFiles(dir);
    await files.save(req([fixture('x', 'same')]));
    await files.save(req([{ ...fixture('x', 'same'), streaming: { ttft_ms: 99, tbt_ms: 9 } }]));
    expect(readFileSync(join(dir, 't.yaml'), 'utf8')).not.toContain('sequence');
    writeFileSync(join(dir, 'broken.yaml'), 'fixtures: [unclosed\n');
    await expect(files.save(req([fixture('y', 'Y')], { name: 'broken.yaml' }))).rejects.toThrow(/is not a fixture file any more/);
    expect(readFileSync(join(dir, 'broken.yaml'), 'utf8')).toBe('fixtures: [unclosed\n');
  });

  it('refuses a name that would leave the folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'llmposter-rf-'));
    const files = new RecordFiles(dir);
    for (const name of ['../x.yaml', 'a/b.yaml', '/etc/x.yaml', '..']) expect(() => files.pathFor(name)).toThrow(/outside the record folder/);
  });
});
