/**
 * Black-box harness: write fixture YAML to a temp folder, start the real server on port 0,
 * hand back an OpenAI SDK client pointed at it (no retries, so every request is seen once).
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/index.js';
import { silentLogger } from '../../src/log/logger.js';

export interface Harness {
  server: RunningServer;
  client: OpenAI;
  dir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'llmposter-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `files`: file name -> YAML text. */
export async function startWith(files: Record<string, string>, opts: Partial<StartServerOptions> = {}): Promise<Harness> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const server = await startServer({ fixtures: dir, port: 0, logger: silentLogger, env: {}, ...opts });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  return {
    server,
    client,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-turn chat body; `extra` fields are merged in (typed, so SDK overloads resolve). */
export function chat<E extends object = {}>(userMessage: string, extra?: E) {
  return { model: 'gpt-4o', messages: [{ role: 'user' as const, content: userMessage }], ...(extra as E) };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function postRaw(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Parse an SSE body into its events with eventsource-parser (the same parsing clients do). */
export function parseSse(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  parser.feed(text);
  return events;
}
