/**
 * `GET /metrics` for Prometheus (prom-client), fed from the same finished-request records as
 * the SQLite store. One registry per server (tests run several in one process). Every label
 * takes values from a bounded set: the registered route pattern (never the raw path, which
 * holds Gemini's model or Azure's deployment), the provider, the status, the outcome label
 * (a fixed vocabulary: `error:<status>` is bounded by the statuses) and the fault name. Models
 * are left out: they come from requests, and a label per model name is unbounded.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestRecord } from './record.js';

/** What the registry reads at scrape time, besides the counters fed per request. */
export interface PrometheusGauges {
  /** Whether a load-chaos burst is on now. */
  inBurst(): boolean;
  /** Records the metrics store dropped because its queue was full (0 when there is no store). */
  droppedRecords(): number;
}

export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'provider' | 'status' | 'outcome'>;
  private readonly duration: Histogram<'route'>;
  private readonly faults: Counter<'fault'>;
  private readonly fixtures: Counter<'result'>;

  constructor(gauges: PrometheusGauges) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'llmposter_requests_total', help: 'LLM requests answered, by route pattern, provider, status (0 = connection dropped) and outcome.', labelNames: ['route', 'provider', 'status', 'outcome'], registers });
    this.duration = new Histogram({
      name: 'llmposter_request_duration_seconds',
      help: 'From arrival to the end of the response (streams included), by route pattern.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.faults = new Counter({ name: 'llmposter_injected_faults_total', help: 'Load-chaos faults injected, by fault (rate_limit, connection_reset, invalid_json ...).', labelNames: ['fault'], registers });
    this.fixtures = new Counter({ name: 'llmposter_fixture_lookups_total', help: 'Fixture lookups: match (a fixture answered), miss (no fixture matched), generated (load chaos answered instead of a 404).', labelNames: ['result'], registers });
    new Gauge({ name: 'llmposter_burst_active', help: '1 while a load-chaos burst is on.', registers, collect() { this.set(gauges.inBurst() ? 1 : 0); } });
    new Gauge({ name: 'llmposter_metrics_dropped_records', help: 'Request records the metrics store dropped because its write queue was full.', registers, collect() { this.set(gauges.droppedRecords()); } });
  }

  /**
   * Labelled children by their label values. prom-client hashes a label object on every call;
   * a load test repeats a handful of label sets, so each is looked up once. Bounded because
   * every label is (see above).
   */
  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly durationChildren = new Map<string, { observe(v: number): void }>();

  /** Count one finished request. */
  record(r: RequestRecord): void {
    const route = r.endpoint || 'unknown';
    const provider = r.provider ?? 'none';
    const key = `${route}\0${provider}\0${r.status}\0${r.outcome}`;
    let counter = this.requestChildren.get(key);
    if (!counter) this.requestChildren.set(key, (counter = this.requests.labels(route, provider, String(r.status), r.outcome)));
    counter.inc();
    let histogram = this.durationChildren.get(route);
    if (!histogram) this.durationChildren.set(route, (histogram = this.duration.labels(route)));
    histogram.observe(r.latencyMs / 1000);
    if (r.outcome.startsWith('chaos:')) this.faults.inc({ fault: r.outcome.slice('chaos:'.length) });
    if (r.outcome === 'no_match') this.fixtures.inc({ result: 'miss' });
    else if (r.outcome.startsWith('generated:')) this.fixtures.inc({ result: 'generated' });
    else if (r.fixtureId !== null) this.fixtures.inc({ result: 'match' });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
