/**
 * `/admin/fixtures` (control plane; the listener guards `/admin/*` like the rest, admin token
 * included): `POST` adds fixtures at runtime, validated exactly like a file (400 listing every
 * problem, nothing added), `GET` lists what is loaded, file and runtime, in match order with use
 * counts, `DELETE` drops the runtime ones (the file fixtures stay).
 */
import { Router, type Response } from 'express';
import type { NeutralError } from '../canonical/answer.js';
import type { Engine } from '../engine/engine.js';
import type { RuntimeFixtureInput } from '../fixture-set/load-runtime.js';
import { FixtureLoadError, formatProblem, type Fixture } from '../fixture-set/types.js';
import { readBodyAsync } from '../http/read-body.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';
import type { RuntimeFixtures } from './runtime-fixtures.js';

/** Recorded exchanges (`raw:` chunks) can be large; 16 MiB bounds the read all the same. */
const FIXTURES_BODY_LIMIT = 16 << 20;

const YAML_TYPES = new Set(['application/yaml', 'text/yaml', 'application/x-yaml', 'text/x-yaml']);

function sendError(res: Response, err: NeutralError, extra?: Record<string, unknown>): void {
  const e = encodeOpenAiError(err, extra);
  res.status(e.status).set(e.headers).send(e.body);
}

/** One fixture as `GET /admin/fixtures` lists it. */
export interface FixtureListing {
  id: string;
  name?: string;
  /** `runtime`: added with `POST /admin/fixtures` / `addFixtures()`; `file`: from the fixture files. */
  source: 'runtime' | 'file';
  location: { file: string; line: number; col: number };
  /** Requests served since start or the last reset (what `sequence:` and `times:` count). */
  uses: number;
  times?: number;
  priority: number;
  catch_all: boolean;
}

/** Every loaded fixture in match order (runtime ones first). */
export function listFixtures(engine: Engine): FixtureListing[] {
  const runtime = new Set<Fixture>(engine.runtimeFixtures);
  return engine.fixtures.fixtures.map((f) => ({
    id: f.id,
    ...(f.name !== undefined ? { name: f.name } : {}),
    source: runtime.has(f) ? 'runtime' : 'file',
    location: { file: f.location.file, line: f.location.line, col: f.location.col },
    uses: engine.state.usesOf(f.key),
    ...(f.times !== undefined ? { times: f.times } : {}),
    priority: f.priority,
    catch_all: f.catchAll,
  }));
}

export function fixturesRoutes(engine: Engine, runtime: RuntimeFixtures): Router {
  const router = Router();

  router.get('/admin/fixtures', (_req, res) => {
    res.json({ fixtures: listFixtures(engine), runtime: engine.runtimeFixtures.length, files: engine.fixtures.files });
  });

  router.post('/admin/fixtures', async (req, res) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const json = type === 'application/json' || type.endsWith('+json');
    if (!json && !YAML_TYPES.has(type)) {
      sendError(res, {
        status: 415,
        message: `Send fixtures as YAML (Content-Type: application/yaml, a fixture file) or JSON (Content-Type: application/json: a fixture file object, a list of fixtures or one fixture); got ${type === '' ? 'no Content-Type' : `Content-Type ${type}`}.`,
      });
      return;
    }
    const read = await readBodyAsync(req, FIXTURES_BODY_LIMIT);
    if (!read.ok) {
      if (read.reason === 'aborted') return;
      res.set('connection', 'close');
      sendError(res, { status: 413, message: `The fixtures body is larger than the ${FIXTURES_BODY_LIMIT}-byte limit; load large recordings from a fixture file instead.` });
      return;
    }
    const text = read.body.toString('utf8');
    const input: RuntimeFixtureInput = json ? { json: text } : { yaml: text };
    let added: Fixture[];
    try {
      added = runtime.add(input);
    } catch (err) {
      if (!(err instanceof FixtureLoadError)) throw err;
      const n = err.problems.length;
      sendError(
        res,
        { status: 400, message: `Invalid fixtures (${n} problem${n === 1 ? '' : 's'}; nothing added):\n${err.message}` },
        { code: 'invalid_fixtures', problems: err.problems.map((p) => ({ file: p.file, line: p.line, col: p.col, message: p.message, text: formatProblem(p) })) },
      );
      return;
    }
    res.status(201).json({ status: 'added', ids: added.map((f) => f.id), runtime: engine.runtimeFixtures.length, fixtures: engine.fixtures.fixtures.length });
  });

  router.delete('/admin/fixtures', (_req, res) => {
    const dropped = runtime.clear();
    res.json({ status: 'cleared', dropped, fixtures: engine.fixtures.fixtures.length });
  });

  return router;
}
