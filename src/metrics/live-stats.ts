/**
 * Live traffic stats, as LLMSim's `GET /llmsim/stats` reports them, kept by every server (with
 * or without load chaos or `--metrics-db`): counters, a ring of the last 1,024 latencies for
 * p50/p99, sixty one-second buckets for requests per second, and a per-model count capped at
 * 128 names (the rest count under `__other__`). Recording a request touches numbers only:
 * nothing is kept per request, so memory stays flat however long the server runs.
 */
import type { Clock } from '../time/clock.js';

const LATENCY_SAMPLES = 1024;
const RPS_WINDOW_SECS = 60;
const MAX_MODELS = 128;
const MAX_MODEL_CHARS = 128;
export const OTHER_MODELS = '__other__';

/** What `/llmsim/stats` answers (and `/admin/stats` under `live`). */
export interface LiveStatsSnapshot {
  uptime_secs: number;
  total_requests: number;
  /** Responses being written now (waiting out latency or streaming). */
  active_requests: number;
  /** Of those, streams. */
  active_streams: number;
  /** Streamed responses since start (LLMSim's meaning: a running total). */
  streaming_requests: number;
  non_streaming_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Responses with a status of 400 or more, and connections dropped by a fault. */
  total_errors: number;
  rate_limit_errors: number;
  /** 5xx other than 504. */
  server_errors: number;
  /** 504s. */
  timeout_errors: number;
  /** Requests in the last 60 s over the seconds they span. */
  requests_per_second: number;
  avg_latency_ms: number;
  min_latency_ms: number | null;
  max_latency_ms: number | null;
  /** Over the last 1,024 finished requests. */
  p50_latency_ms: number | null;
  p99_latency_ms: number | null;
  model_requests: Record<string, number>;
}

export class LiveStats {
  private startedMs: number;
  private total = 0;
  private active = 0;
  private activeStreams = 0;
  private streamed = 0;
  private notStreamed = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private errors = 0;
  private rateLimited = 0;
  private serverErrors = 0;
  private timeouts = 0;
  private finished = 0;
  private latencySum = 0;
  private latencyMin = Infinity;
  private latencyMax = -Infinity;
  private readonly latencies = new Float64Array(LATENCY_SAMPLES);
  private latencyCount = 0;
  private readonly rpsCounts = new Uint32Array(RPS_WINDOW_SECS);
  private readonly rpsSeconds = new Float64Array(RPS_WINDOW_SECS).fill(-1);
  private readonly models = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    this.startedMs = clock.now();
  }

  /**
   * A response starts being written (after any decision), counted in the second of `at` (the
   * request's arrival on the clock, as LLMSim counts on arrival; default now).
   */
  begin(model: string | null, streaming: boolean, at = this.clock.now()): void {
    this.total++;
    this.active++;
    if (streaming) {
      this.streamed++;
      this.activeStreams++;
    } else this.notStreamed++;
    if (model !== null) this.countModel(model);
    const sec = this.second(at);
    const i = sec % RPS_WINDOW_SECS;
    if (this.rpsSeconds[i] !== sec) {
      this.rpsSeconds[i] = sec;
      this.rpsCounts[i] = 0;
    }
    this.rpsCounts[i]++;
  }

  /** That response is over (completed, failed, cut off or abandoned by its client). */
  end(streaming: boolean, status: number, dropped: boolean, promptTokens: number, completionTokens: number, latencyMs: number): void {
    this.active--;
    if (streaming) this.activeStreams--;
    this.promptTokens += promptTokens;
    this.completionTokens += completionTokens;
    if (status >= 400 || dropped) this.errors++;
    if (status === 429) this.rateLimited++;
    else if (status === 504) this.timeouts++;
    else if (status >= 500) this.serverErrors++;
    this.finished++;
    this.latencySum += latencyMs;
    if (latencyMs < this.latencyMin) this.latencyMin = latencyMs;
    if (latencyMs > this.latencyMax) this.latencyMax = latencyMs;
    this.latencies[this.latencyCount++ % LATENCY_SAMPLES] = latencyMs;
  }

  /** Start counting afresh (`POST /admin/reset`); responses in flight stay counted as active. */
  reset(): void {
    this.startedMs = this.clock.now();
    this.total = this.streamed = this.notStreamed = 0;
    this.promptTokens = this.completionTokens = 0;
    this.errors = this.rateLimited = this.serverErrors = this.timeouts = 0;
    this.finished = this.latencySum = this.latencyCount = 0;
    this.latencyMin = Infinity;
    this.latencyMax = -Infinity;
    this.rpsCounts.fill(0);
    this.rpsSeconds.fill(-1);
    this.models.clear();
  }

  snapshot(): LiveStatsSnapshot {
    const n = Math.min(this.latencyCount, LATENCY_SAMPLES);
    const sorted = this.latencies.slice(0, n).sort();
    return {
      uptime_secs: Math.floor((this.clock.now() - this.startedMs) / 1000),
      total_requests: this.total,
      active_requests: this.active,
      active_streams: this.activeStreams,
      streaming_requests: this.streamed,
      non_streaming_requests: this.notStreamed,
      prompt_tokens: this.promptTokens,
      completion_tokens: this.completionTokens,
      total_tokens: this.promptTokens + this.completionTokens,
      total_errors: this.errors,
      rate_limit_errors: this.rateLimited,
      server_errors: this.serverErrors,
      timeout_errors: this.timeouts,
      requests_per_second: this.requestsPerSecond(),
      avg_latency_ms: this.finished === 0 ? 0 : round3(this.latencySum / this.finished),
      min_latency_ms: this.finished === 0 ? null : round3(this.latencyMin),
      max_latency_ms: this.finished === 0 ? null : round3(this.latencyMax),
      p50_latency_ms: n === 0 ? null : round3(nearestRank(sorted, 50)),
      p99_latency_ms: n === 0 ? null : round3(nearestRank(sorted, 99)),
      model_requests: Object.fromEntries(this.models),
    };
  }

  private second(at = this.clock.now()): number {
    // A request that arrived just before a reset counts in the reset's first second.
    return Math.max(0, Math.floor((at - this.startedMs) / 1000));
  }

  /** LLMSim's rate: the last minute's requests over the seconds they span (this one included). */
  private requestsPerSecond(): number {
    const now = this.second();
    let count = 0;
    let oldest = 0;
    for (let i = 0; i < RPS_WINDOW_SECS; i++) {
      const age = now - this.rpsSeconds[i];
      if (this.rpsSeconds[i] < 0 || age >= RPS_WINDOW_SECS || this.rpsCounts[i] === 0) continue;
      count += this.rpsCounts[i];
      if (age > oldest) oldest = age;
    }
    return count === 0 ? 0 : round3(count / (oldest + 1));
  }

  private countModel(model: string): void {
    const key = model.length > MAX_MODEL_CHARS ? model.slice(0, MAX_MODEL_CHARS) : model;
    const n = this.models.get(key);
    if (n !== undefined) this.models.set(key, n + 1);
    else if (this.models.size < MAX_MODELS) this.models.set(key, 1);
    else this.models.set(OTHER_MODELS, (this.models.get(OTHER_MODELS) ?? 0) + 1);
  }
}

/** The value at the nearest rank (the smallest value with at least p% of samples at or below it). */
function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
