/**
 * The programmatic API: start a real llmposter server in-process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SEED } from '../random/rng.js';
import { ChaosConfigStore } from '../chaos/config-store.js';
import { ChaosGate } from './chaos-gate.js';
import { MetricsStore } from '../metrics/store.js';
import { PrometheusMetrics } from '../metrics/prometheus.js';
import { LiveStats } from '../metrics/live-stats.js';
import { ModelCatalogue } from '../models/catalogue.js';
import { DEFAULT_MODELS } from '../models/default-models.js';
import { loadModelsFile, validateModels, type ModelSpec } from '../models/load.js';
import type { RequestRecord } from '../metrics/record.js';
import type { ChaosConfig } from '../chaos/types.js';
import type { ChaosConfigPatch } from '../chaos/config.js';
import { Engine } from '../engine/engine.js';
import { loadFixtures } from '../fixture-set/load.js';
import { noFixturesMessage } from '../fixture-set/no-fixtures.js';
import { createReloadStatus } from '../fixture-set/reload-status.js';
import { watchFixtures } from '../fixture-set/watch.js';
import { createJobSimulator, type JobSimulator } from '../jobs/simulator.js';
import { resolveJobsConfig, type JobsSettingsInput } from '../jobs/config.js';
import { createLogger, type LogFormat, type Logger } from '../log/logger.js';
import { warmTokenizer } from '../generate/tokens.js';
import { generatorSpec } from '../generate/generator-spec.js';
import { serverPacing, type PacingOptions } from '../pacing/options.js';
import { ResponseWriter } from '../stream/writer.js';
import { BoundedResponseStore } from '../providers/openai-responses/store.js';
import { frozenClock, systemClock, type Clock } from '../time/clock.js';
import { createControlPlane } from './control-plane.js';
import { createListener } from './listener.js';
import { DEFAULT_MAX_BODY_BYTES } from '../http/read-body.js';
import { buildDataRoutes } from './routes.js';
import { jobFixtureReply } from './job-fixture-reply.js';
import { Access, isLoopbackBind } from './access.js';
import { answerProtocolErrors } from './protocol-errors.js';
import { displayPath, fixturesRoot, relativeFixtureSet, relativeLoadError } from './relative-fixtures.js';
import { requestIds } from './request-ids.js';
import { RateLimiter } from '../rate-limit/limiter.js';
import { limitsAnything, validateRateLimits, type RateLimitsConfig } from '../rate-limit/config.js';
import { resolveTransportLimits, serverOptions } from './transport-limits.js';
import { proxies, ProxyConfigError, setUpProxy, type RecordReplayOptions } from '../proxy/options.js';
import { RuntimeFixtures, runtimeInput, type FixtureSnapshot, type FixturesInput } from './runtime-fixtures.js';
import { DEFAULT_JOURNAL_SIZE, RequestJournal, type JournalFilter, type WaitOptions } from '../journal/journal.js';
import type { JournalEntry } from '../journal/entry.js';

export interface StartServerOptions extends RecordReplayOptions {
  /** Fixture files or folders (folders load their *.yaml / *.yml in name order). */
  fixtures?: string | string[];
  /** Default 2112; 0 picks a free port (read it back from `port`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Server seed for every random choice. Default 2112. */
  seed?: number;
  /** Hot-reload fixtures on file changes. Default false here (the CLI defaults to true). */
  watch?: boolean;
  /** Name the nearest fixture in no-match 404 bodies. */
  diagnostics?: boolean;
  /** Pin `created` to these unix seconds (byte-identical bodies across runs). */
  freezeTime?: number;
  /** Replace the clock entirely (tests). */
  clock?: Clock;
  /** Requests with larger bodies get a 413. Default 32 MiB. */
  maxBodyBytes?: number;
  /** A request whose headers have not all arrived after this many ms gets a 408. Default 10000; 0 = no limit. */
  headersTimeoutMs?: number;
  /** A request (body included) not complete after this many ms gets a 408. Default 20000; 0 = no limit. */
  requestTimeoutMs?: number;
  /** Connections beyond this many open ones are closed at once. Default 4096; 0 = no limit. */
  maxConnections?: number;
  /** Host names to serve besides this machine's (a DNS-rebinding guard); `'*'` serves any. */
  allowedHosts?: string[];
  /** When set, `/admin/*` needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  verbose?: boolean;
  logFormat?: LogFormat;
  /** Replace the stderr logger. */
  logger?: Logger;
  /** Job simulator settings; they win over the DUMMYLLM_* environment. */
  jobs?: Partial<JobsSettingsInput>;
  /** Environment the DUMMYLLM_* settings are read from. Default process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Load chaos (ChaosLLM's faults, latency and generated answers), completed with the built-in
   * defaults and validated (an invalid one throws ChaosConfigError). None = no load chaos.
   * Change it at runtime with `server.chaos.update()` or `POST /admin/config`.
   */
  chaos?: ChaosConfig;
  /** The preset `chaos` started from, when known (recorded in the metrics' `run_info.preset_name`). */
  chaosPreset?: string;
  /**
   * Record every LLM request to SQLite (ChaosLLM's metrics; `/admin/stats`, `/admin/export`).
   * Default: on when `chaos` or `metricsDb` is given, else off (nothing is recorded or spent).
   */
  metrics?: boolean;
  /** The metrics database file (WAL journal); default `:memory:`. Giving it turns metrics on. */
  metricsDb?: string;
  /**
   * Answer chat requests no fixture matches with generated text (LLMSim's generators), e.g.
   * `'lorem'`, `'fixed:Hello'` or `{ kind: 'lorem', targetTokens: 200 }`. Load chaos' response
   * mode, when one is set, answers first. An invalid one throws GeneratorSpecError.
   */
  generate?: string | { kind: string; targetTokens?: number };
  /**
   * The model catalogue (`GET /v1/models`, context-window errors): a YAML/JSON file's path or the
   * list itself, `{id, context_window, max_output_tokens, owned_by?, display_name?, created?}`
   * each. Default: LLMSim's model list plus current Claude and Gemini models. `[]` = none (the
   * fixtures' model ids are still listed). An invalid one throws ModelsFileError.
   */
  models?: string | ModelSpec[];
  /**
   * Stateful RPM/TPM limits per API key (LLMSim's), e.g. `{ default: { rpm: 60 }, models: { 'gpt-4o': { tpm: 30000 } } }`.
   * Checked (an invalid one throws RateLimitConfigError). None = no limits and no rate-limit headers.
   */
  rateLimits?: RateLimitsConfig;
  /**
   * Pace answers like a real model (LLMSim's latency profiles): `{ profile: 'auto' }` picks the
   * profile from each request's model id, `{ profile: 'gpt-4o' }` fixes one. Streams wait TTFT
   * before the first token and TBT between tokens; bodies wait TTFT + tokens x TBT. An unknown
   * name throws. None = off (fixtures with their own `streaming: {profile}` are still paced).
   */
  pacing?: PacingOptions;
  /**
   * Allow a non-loopback `host` while proxying (`mode` other than replay, or `allowModeHeader`):
   * a proxy forwards credentials, so it is refused by default.
   */
  allowExternalBind?: boolean;
  /**
   * The request journal keeps the last this-many LLM requests (`/admin/requests`, `requests()`).
   * Default 1000; 0 turns it off (nothing is recorded or spent).
   */
  journalSize?: number;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:2112` (point an SDK's baseURL at `${url}/v1`). */
  url: string;
  port: number;
  host: string;
  seed: number;
  /** Re-read the fixtures; on error the previous set keeps serving and this rejects. */
  reload(): Promise<void>;
  /**
   * Reset scenario states, sequence positions, `times` counters, id counters, jobs and the
   * request journal (runtime fixtures stay: `clearFixtures()` drops them).
   */
  reset(): void;
  /**
   * Add fixtures in front of the file fixtures, validated exactly like a fixture file: YAML text
   * (a fixture file), a fixture file object `{ fixtures: [...] }`, a list of fixtures or one
   * fixture. Returns the new ids (`runtime-N#i`); throws FixtureLoadError listing every problem
   * (`runtime-N:line:col: message`), adding nothing. They survive hot reloads of the files.
   * @example server.addFixtures({ match: { user_message: 'hi' }, response: { content: 'Hello!' } }) // ['runtime-1#0']
   */
  addFixtures(fixtures: FixturesInput): string[];
  /** Drop every fixture added at runtime (the file fixtures stay); returns how many were dropped. */
  clearFixtures(): number;
  /**
   * The runtime fixtures as they are now; `restoreFixtures(snapshot)` puts exactly these back
   * (same ids, nothing renumbered), undoing whatever was added or cleared in between.
   * @example const before = server.snapshotFixtures(); server.addFixtures(f); server.restoreFixtures(before);
   */
  snapshotFixtures(): FixtureSnapshot;
  restoreFixtures(snapshot: FixtureSnapshot): void;
  /**
   * Replace the load-chaos config (completed with the built-in defaults, as the `chaos` option
   * is) and return it; throws ChaosConfigError listing every problem, changing nothing.
   * `chaos.update(partial)` deep-merges into the current one instead.
   * @example server.setChaos({ error_injection: { rate_limit_pct: 100 } })
   */
  setChaos(config: ChaosConfigPatch): ChaosConfig;
  /** Stop: end open streams, stop the watcher, close the listener. Safe to call twice. */
  close(): Promise<void>;
  /** The load-chaos config in force (`get`, `update`, `onChange`); `/admin/config` reads and updates it. */
  chaos: ChaosConfigStore;
  /** The metrics store when metrics are on (`flush()` writes what is queued now), else undefined. */
  metrics: MetricsStore | undefined;
  /** The live traffic counters (`GET /llmsim/stats`), kept by every server. */
  live: LiveStats;
  /**
   * Journal entries (what each LLM request sent, how it was answered), newest first, filtered
   * like `GET /admin/requests`: `requests({ testId: 'checkout' })`. Entries are recorded when
   * the response ends. Throws when the journal is off (`journalSize: 0`).
   */
  requests(filter?: JournalFilter): JournalEntry[];
  /** The newest entry (passing `filter`), or undefined. Throws when the journal is off. */
  lastRequest(filter?: JournalFilter): JournalEntry | undefined;
  /**
   * Resolves with `requests(filter)` once at least `n` entries pass `filter` (at once if they
   * already do); rejects after `timeoutMs` (default 5000, on the server's clock) with how many came.
   * @example await server.waitForRequests(2, { timeoutMs: 2000, testId: 'checkout' })
   */
  waitForRequests(n: number, opts?: WaitOptions & JournalFilter): Promise<JournalEntry[]>;
  /** The journal itself (undefined when off): `clear()`, `size`, `capacity`. */
  journal: RequestJournal | undefined;
}

/** Thrown by `requests()` and friends when the server runs with `journalSize: 0`. */
export class JournalOffError extends Error {}

/**
 * Start llmposter.
 * @example
 * import { startServer } from 'llmposter';
 * import OpenAI from 'openai';
 * const server = await startServer({ fixtures: './fixtures', port: 0 });
 * const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
 * // ... await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const seed = options.seed ?? DEFAULT_SEED;
  const logger = options.logger ?? createLogger({ format: options.logFormat, verbose: options.verbose });
  const clock = options.clock ?? (options.freezeTime !== undefined ? frozenClock(options.freezeTime) : systemClock);
  const given = options.fixtures === undefined ? [] : Array.isArray(options.fixtures) ? options.fixtures : [options.fixtures];
  // Record/replay: the proxy (none in plain replay), and the record folder, loaded with the fixtures.
  const host = options.host ?? '127.0.0.1';
  if (proxies(options) && !isLoopbackBind(host) && !options.allowExternalBind) {
    throw new ProxyConfigError(`${host} is not a loopback address: a recording or passthrough proxy forwards credentials, so it binds loopback only unless allowExternalBind (--allow-external-bind) is set`);
  }
  const { proxy, recordDir, redact } = setUpProxy(options, { fixturePaths: given, env: options.env ?? process.env, reload: () => reload(), clock, logger });
  const paths = recordDir !== undefined && !given.includes(recordDir) ? [...given, recordDir] : given;
  const chaos = new ChaosConfigStore(options.chaos);
  const models = new ModelCatalogue(
    options.models === undefined ? DEFAULT_MODELS : typeof options.models === 'string' ? loadModelsFile(options.models) : validateModels(options.models, 'option'),
  );
  const live = new LiveStats(clock);
  const jobsConfig = resolveJobsConfig({ env: options.env ?? process.env, overrides: options.jobs });
  const rateLimits = options.rateLimits === undefined ? undefined : validateRateLimits(options.rateLimits, 'rateLimits');
  const rateLimiter = rateLimits && limitsAnything(rateLimits) ? new RateLimiter(rateLimits, clock) : undefined;
  const limits = resolveTransportLimits({ headersTimeoutMs: options.headersTimeoutMs, requestTimeoutMs: options.requestTimeoutMs, maxConnections: options.maxConnections });
  // Ids, /health and headers show fixture files relative to this root, never absolute paths.
  const root = fixturesRoot(paths);
  const load = async () => relativeFixtureSet(await loadFixtures(paths), root);

  const generator = options.generate === undefined ? undefined : typeof options.generate === 'string' ? generatorSpec(options.generate) : generatorSpec(options.generate.kind, options.generate.targetTokens);
  const pacing = options.pacing ? serverPacing(options.pacing) : undefined;
  warmTokenizer();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const journalSize = options.journalSize ?? DEFAULT_JOURNAL_SIZE;
  if (!Number.isInteger(journalSize) || journalSize < 0) throw new RangeError(`journalSize must be a whole number >= 0 (0 = off), got ${journalSize}`);
  const journal = journalSize > 0 ? new RequestJournal(journalSize, clock, redact) : undefined;
  const engine = new Engine({ seed });
  engine.setFixtures(await load());
  const writer = new ResponseWriter(clock);

  // Reloads can overlap (an edit lands while the previous reload is still reading files).
  // The last one *started* saw the newest disk state, so only its result is applied; an older
  // reload finishing late must not bring back a file that has since been removed.
  let reloads = 0;
  const reloadStatus = createReloadStatus(() => clock.now());
  const reload = async () => {
    const mine = ++reloads;
    let set;
    try {
      set = await load();
    } catch (err) {
      if (mine === reloads) reloadStatus.failed(err);
      throw relativeLoadError(err, root);
    }
    if (mine !== reloads) return;
    engine.setFixtures(set);
    reloadStatus.loaded();
    logger.info(`reloaded ${set.fixtures.length} fixtures from ${set.files.length} files`);
  };

  const jobs: JobSimulator = await createJobSimulator(jobsConfig, {
    clock,
    logger,
    maxBodyBytes,
    // llm.chat jobs answer from the fixtures exactly as /v1/chat/completions would.
    fixtureReply: jobFixtureReply(engine),
  });
  // Metrics: on with load chaos or a database file (or when asked); off = no store, no records.
  // Opened after everything that can refuse to start, so a refused start leaves no database open.
  const metricsOn = options.metricsDb !== undefined || (options.metrics ?? options.chaos !== undefined);
  let metrics: MetricsStore | undefined;
  try {
    metrics = metricsOn ? new MetricsStore({ path: options.metricsDb, clock: options.clock ?? systemClock, config: chaos.get(), presetName: options.chaosPreset ?? null }) : undefined;
  } catch (err) {
    await jobs.close();
    throw err;
  }
  if (metrics) chaos.onChange((config) => metrics.setConfig(config));
  // Said once nothing can refuse the start any more (a bad --metrics-db is one line, alone).
  if (engine.fixtures.fixtures.length === 0) {
    const mode = chaos.get().response.mode;
    // With a load-chaos response mode or --generate, fixtures are optional: the generator answers.
    if (mode !== null) logger.info(`no fixtures: load chaos' ${mode} response mode answers every LLM request`);
    else if (proxy) logger.info(`no fixtures yet: --mode ${proxy.mode} proxies LLM requests upstream${recordDir !== undefined ? ` and records into ${recordDir}` : ''}`);
    else if (generator) logger.info(`no fixtures: the ${generator.kind} generator (--generate) answers every LLM request`);
    else logger.warn(`${noFixturesMessage(paths, engine.fixtures.files.length)}; every LLM request gets a 404 until fixtures load (or are added with POST /admin/fixtures)`);
  }

  // The Responses API's kept responses (GET /v1/responses/{id}): the last 1,000.
  const responses = new BoundedResponseStore();
  // Load chaos at the door of every LLM route; its burst clock runs on the injected clock.
  const chaosGate = new ChaosGate(chaos, () => clock.now(), () => clock.unixSeconds());
  const reset = () => {
    engine.state.reset();
    jobs.reset();
    chaosGate.reset();
    rateLimiter?.reset();
    // A new metrics run: new run_id, empty tables and stats (ChaosLLM: "clears metrics").
    metrics?.reset();
    live.reset();
    // Ids replay from the seed after a reset: an old id must not return an old answer.
    responses.clear();
    journal?.clear();
  };

  // Prometheus' /metrics, from the same records as the store.
  const prometheus = metrics ? new PrometheusMetrics({ inBurst: () => chaosGate.health().in_burst, droppedRecords: () => metrics.stats().dropped_records }) : undefined;
  const record = metrics && prometheus ? (r: RequestRecord) => (metrics.record(r), prometheus.record(r)) : undefined;
  const runtimeFixtures = new RuntimeFixtures(engine);
  const control = createControlPlane({ engine, writer, logger, reload, reset, jobs, chaos, chaosHealth: () => chaosGate.health(), metrics, live, journal, prometheus, runtimeFixtures, reloadHealth: () => reloadStatus.health((f) => displayPath(f, root)) });
  const routes = buildDataRoutes({ engine, writer, clock, logger, diagnostics: options.diagnostics ?? false, maxBodyBytes, verbose: options.verbose ?? false, responses, chaos: chaosGate, record, generator, models, live, rateLimiter, pacing, proxy, journal });
  const nextRequestId = requestIds(seed);
  const access = new Access({ host, allowedHosts: options.allowedHosts, adminToken: options.adminToken });
  const server: Server = createServer(serverOptions(limits), createListener({ nextRequestId, routes, control, access, logger }));
  server.keepAliveTimeout = 65_000;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  answerProtocolErrors(server, { nextRequestId, limits });
  warnOnDroppedConnections(server, logger, limits.maxConnections);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 2112, host, backlog: 4096 }, () => {
        server.off('error', reject);
        // Before any request is read: the Host check needs the port (0 picks it now).
        access.listening((server.address() as AddressInfo).port);
        resolve();
      });
    });
  } catch (err) {
    await jobs.close();
    metrics?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  if (!isLoopbackBind(host)) {
    logger.warn(
      options.adminToken
        ? `listening on ${host}, reachable from other machines: /admin/* needs the admin token, but the LLM routes, /health and the jobs API are open to anyone who can reach this address`
        : `listening on ${host}, reachable from other machines: anyone who can reach this address can use the admin API (/admin/reset, /admin/reload) and the jobs API; set --admin-token to protect /admin/*`,
    );
  }

  const watcher = options.watch
    ? watchFixtures(paths, () => {
        reload().catch((err: Error) => logger.error(`fixture reload failed; still serving the previous set\n${err.message}`));
      })
    : null;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await watcher?.close();
      writer.endAll();
      journal?.close();
      await jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // After the last response ended: its record is in, and is written.
      metrics?.close();
    })();
    return closing;
  };

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const addFixtures = (fixtures: FixturesInput) => runtimeFixtures.add(runtimeInput(fixtures)).map((f) => f.id);
  const clearFixtures = () => runtimeFixtures.clear();
  const snapshotFixtures = () => runtimeFixtures.snapshot();
  const restoreFixtures = (snapshot: FixtureSnapshot) => runtimeFixtures.restore(snapshot);
  const setChaos = (config: ChaosConfigPatch) => chaos.replace(config);
  const journalOn = (): RequestJournal => {
    if (!journal) throw new JournalOffError('The request journal is off: this server was started with journalSize: 0 (--journal-size 0).');
    return journal;
  };
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    seed,
    reload,
    reset,
    close,
    chaos,
    metrics,
    live,
    addFixtures,
    clearFixtures,
    snapshotFixtures,
    restoreFixtures,
    setChaos,
    journal,
    requests: (filter) => journalOn().list(filter),
    lastRequest: (filter) => journalOn().last(filter),
    waitForRequests: (n, opts = {}) => {
      if (!journal) return Promise.reject(new JournalOffError('waitForRequests: the request journal is off: this server was started with journalSize: 0 (--journal-size 0).'));
      const { timeoutMs, ...filter } = opts;
      return journal.waitFor(n, filter, { timeoutMs });
    },
  };
}

/**
 * Node closes connections over `maxConnections` without a word; say so in the log (at most
 * once every 10 s, with a count) so that a load test that hits the cap is not a mystery.
 */
function warnOnDroppedConnections(server: Server, logger: Logger, max: number): void {
  let dropped = 0;
  let lastWarned = -Infinity;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastWarned < 10_000) return;
    lastWarned = now;
    logger.warn(`connection refused: ${max} connections are open (--max-connections); ${dropped} refused so far`);
  });
}
