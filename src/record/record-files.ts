/**
 * Recorded fixture files: one per recording session (`session-<time>.yaml`) or per test
 * (`x-llmposter-test-id: checkout` -> `checkout.yaml`), under the record folder.
 *
 * Writes to one file are serialised (a queue per file), each one reads the file, adds the new
 * fixtures and replaces it atomically (a temp file in the same folder, then rename), so two
 * concurrent recordings of the same request give one fixture (same answer) or a two-item
 * `sequence` (different answers), never a torn file, and a reader never sees half a file.
 * Comments a user added to fixtures that are not touched survive (the YAML document is edited,
 * not regenerated).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, YAMLSeq, type Document, type Node } from 'yaml';
import { FIXTURE_SCHEMA_URL } from '../fixture-set/schema.js';
import { OUTCOME_KEYS, type FixtureObject } from './fixture-object.js';

/**
 * A test id as a file name: letters, digits, `.`, `_` and `-` only, no leading dot, at most 100
 * characters, so `../../etc/passwd` is `etc_passwd` inside the record folder and never a path.
 * @example testIdFileName('checkout/happy path') // 'checkout_happy_path.yaml'
 */
export function testIdFileName(id: string): string {
  const cleaned = id
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 100);
  return `${cleaned === '' ? 'test' : cleaned}.yaml`;
}

/** `session-20261130T211448Z.yaml` for a session started at that time. */
export function sessionFileName(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `session-${iso}.yaml`;
}

export interface SaveRequest {
  /** The file name inside the record folder (from testIdFileName / sessionFileName). */
  name: string;
  fixtures: FixtureObject[];
  /** `record` starts a file afresh the first time this session writes it; `record-missing` adds to it. */
  fresh: boolean;
  /** Upstream hosts for the header comment (never URLs with credentials). */
  hosts: string[];
  mode: string;
  /** For the header comment. */
  unixSeconds: number;
}

export class RecordFiles {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Files this session already wrote (a `fresh` save only empties a file the first time). */
  private readonly written = new Set<string>();
  /** Upstream hosts each file was recorded from this session (for its header comment). */
  private readonly hosts = new Map<string, Set<string>>();
  private tempCounter = 0;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** The absolute path for a file name; refuses anything that would leave the folder. */
  pathFor(name: string): string {
    const p = resolve(this.dir, name);
    if (!p.startsWith(this.dir + sep) || basename(p) !== name) throw new Error(`refusing to write outside the record folder: ${JSON.stringify(name)}`);
    return p;
  }

  /** Add fixtures to a file, after every earlier save to it has finished. Rejects with what went wrong. */
  save(req: SaveRequest): Promise<void> {
    const file = this.pathFor(req.name);
    const previous = this.queues.get(file) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(file, req));
    this.queues.set(file, next);
    // Let the map forget a queue once it is idle.
    next.catch(() => undefined).then(() => {
      if (this.queues.get(file) === next) this.queues.delete(file);
    });
    return next;
  }

  private async write(file: string, req: SaveRequest): Promise<void> {
    const startFresh = req.fresh && !this.written.has(file);
    let text: string | undefined;
    if (!startFresh) {
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const doc = text === undefined || text.trim() === '' ? parseDocument('fixtures:\n') : parseDocument(text);
    if (doc.errors.length > 0 || !isMap(doc.contents)) throw new Error(`${relative(process.cwd(), file)} is not a fixture file any more (${doc.errors[0]?.message ?? 'not a mapping'}); fix or remove it to record into it`);
    let seq = doc.get('fixtures', true);
    if (!isSeq(seq)) {
      seq = new YAMLSeq();
      doc.set('fixtures', seq);
    }
    for (const f of req.fixtures) addFixture(doc, seq as YAMLSeq, f);
    const hosts = this.hosts.get(file) ?? new Set<string>();
    for (const h of req.hosts) hosts.add(h);
    this.hosts.set(file, hosts);
    doc.commentBefore = headerComment(this.dir, { ...req, hosts: [...hosts] });
    const tmp = join(this.dir, `.${basename(file)}.${process.pid}.${++this.tempCounter}.tmp`);
    try {
      await writeFile(tmp, doc.toString({ lineWidth: 0 }), { mode: 0o644 });
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    this.written.add(file);
  }
}

/** The identity of a fixture: what it answers (provider and match). */
const identity = (f: FixtureObject) => JSON.stringify([f.provider ?? null, f.match ?? null]);

function outcomeOf(f: FixtureObject): FixtureObject {
  const out: FixtureObject = {};
  for (const k of OUTCOME_KEYS) if (f[k] !== undefined) out[k] = f[k];
  return out;
}

/** Same answer, whatever the timing or verbatim frames: text, tool calls, finish reason, error. */
function sameAnswer(a: FixtureObject, b: FixtureObject): boolean {
  const strip = (o: FixtureObject) => {
    const response = o.response as Record<string, unknown> | undefined;
    const { usage: _usage, ...rest } = response ?? {};
    return JSON.stringify([response ? rest : null, o.error ?? null, o.refusal ?? null]);
  };
  return strip(a) === strip(b);
}

/** Append a new fixture, or grow the existing one for the same request into a `sequence`. */
function addFixture(doc: Document, seq: YAMLSeq, f: FixtureObject): void {
  const key = identity(f);
  const idx = seq.items.findIndex((node) => {
    const v = (node as { toJSON?: () => unknown }).toJSON?.();
    return v !== null && typeof v === 'object' && identity(v as FixtureObject) === key;
  });
  if (idx < 0) {
    seq.items.push(readable(doc.createNode(f)));
    return;
  }
  const existing = (seq.items[idx] as { toJSON(): FixtureObject }).toJSON();
  const items = Array.isArray(existing.sequence) ? (existing.sequence as FixtureObject[]) : [outcomeOf(existing)];
  const item = outcomeOf(f);
  if (sameAnswer(items[items.length - 1], item)) return;
  const rest: FixtureObject = {};
  for (const [k, v] of Object.entries(existing)) if (!(OUTCOME_KEYS as readonly string[]).includes(k) && k !== 'sequence') rest[k] = v;
  seq.items[idx] = readable(doc.createNode({ ...rest, sequence: [...items, item] }));
}

/** Short mappings on one line (`model: { equals: gpt-4o }`, `streaming: { ttft_ms: 310, ... }`, a raw chunk). */
function readable(node: Node): Node {
  const FLOW_KEYS = new Set(['model', 'user_message', 'system_prompt', 'streaming', 'usage', 'failure', 'headers']);
  visit(node, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && FLOW_KEYS.has(String(pair.key.value)) && isMap(pair.value)) pair.value.flow = true;
    },
    Map(_, map, path) {
      // raw chunks: { at_ms, data } each on one line.
      const parent = path[path.length - 2];
      if (isPair(parent) && isScalar(parent.key) && parent.key.value === 'chunks') map.flow = true;
    },
  });
  return node;
}

function headerComment(dir: string, req: SaveRequest): string {
  const schema = relative(dir, fileURLToPath(FIXTURE_SCHEMA_URL)).split(sep).join('/');
  const when = new Date(req.unixSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const from = req.hosts.length ? req.hosts.join(', ') : 'the upstream';
  return [
    ` yaml-language-server: $schema=${schema}`,
    '',
    ` Recorded by llmposter (--mode ${req.mode}) from ${from}; last written ${when}.`,
    ' Credentials, cookies and org/project headers are never saved. Matching is strict',
    ' (equals): loosen a fixture by editing its match, e.g. equals -> contains.',
  ].join('\n');
}
