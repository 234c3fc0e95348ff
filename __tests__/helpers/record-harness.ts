/**
 * Record/replay harness: a fake upstream, a recording llmposter in front of it (its own temp
 * fixtures folder; recordings land in `<dir>/recorded`), and a fresh replay-only server on what
 * was recorded, after the upstream is gone.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

export interface RecordRig {
  upstream: FakeUpstream;
  server: RunningServer;
  /** The fixtures folder (recordings in `recorded/` inside it). */
  dir: string;
  recordDir: string;
  /** Every recorded file's text, by name. */
  files(): Record<string, string>;
  /** Stop the upstream and the recording server; start a replay-only server on the same fixtures. */
  replay(opts?: Partial<StartServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** `opts` may be a function of the fake upstream's URL (to point one provider, such as azure, at it). */
export async function startRecordRig(given: Partial<StartServerOptions> | ((upstreamUrl: string) => Partial<StartServerOptions>) = {}): Promise<RecordRig> {
  const upstream = await startFakeUpstream();
  const opts = typeof given === 'function' ? given(upstream.url) : given;
  const dir = mkdtempSync(join(tmpdir(), 'llmposter-record-'));
  const recordDir = join(dir, 'recorded');
  const all = { openai: upstream.url, anthropic: upstream.url, gemini: upstream.url };
  const server = await startServer({ fixtures: dir, port: 0, logger: silentLogger, env: {}, mode: 'record-missing', upstreams: all, ...opts });
  const servers: RunningServer[] = [server];
  return {
    upstream,
    server,
    dir,
    recordDir,
    files() {
      const out: Record<string, string> = {};
      let names: string[] = [];
      try {
        names = readdirSync(recordDir);
      } catch {
        return out;
      }
      for (const n of names) out[n] = readFileSync(join(recordDir, n), 'utf8');
      return out;
    },
    async replay(replayOpts = {}) {
      await upstream.close();
      await server.close();
      const replaying = await startServer({ fixtures: [dir, recordDir], port: 0, logger: silentLogger, env: {}, ...replayOpts });
      servers.push(replaying);
      return replaying;
    },
    async close() {
      await upstream.close();
      for (const s of servers) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
