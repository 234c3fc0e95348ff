/**
 * Load chaos (what ChaosLLM did): a validated config, and the one decision it makes per LLM
 * request, before fixture matching. These types are the contract between the config
 * (`config.ts`, presets, CLI, `/admin/config`), the decision (`decide.ts`, pure, seeded) and
 * the server, which carries a decision out on any provider route.
 */

/** An inclusive range, `[min, max]` (seconds or words, per field). */
export type Range = [min: number, max: number];

export type SelectionMode = 'priority' | 'weighted';
export type ResponseMode = 'random' | 'echo' | 'template' | 'preset';
export const RESPONSE_MODES: readonly ResponseMode[] = ['random', 'echo', 'template', 'preset'];
export type PresetSelection = 'random' | 'sequential';
export type Vocabulary = 'english' | 'lorem';

export interface BurstConfig {
  enabled: boolean;
  interval_sec: number;
  duration_sec: number;
  /** Replace (not add to) `rate_limit_pct` during a burst. */
  rate_limit_pct: number;
  /** Replace (not add to) `capacity_529_pct` during a burst. */
  capacity_pct: number;
}

/** Every rate is a percentage, 0..100. Names as in ChaosLLM's config so its files load. */
export interface ErrorInjectionConfig {
  // Connection faults (real transport faults here; ChaosLLM answered a clean 500).
  connection_failed_pct: number;
  connection_failed_lead_sec: Range;
  connection_stall_pct: number;
  connection_stall_start_sec: Range;
  connection_stall_sec: Range;
  timeout_pct: number;
  timeout_sec: Range;
  connection_reset_pct: number;
  slow_response_pct: number;
  slow_response_sec: Range;
  // HTTP errors, in decision order.
  rate_limit_pct: number;
  capacity_529_pct: number;
  service_unavailable_pct: number;
  bad_gateway_pct: number;
  gateway_timeout_pct: number;
  internal_error_pct: number;
  forbidden_pct: number;
  not_found_pct: number;
  retry_after_sec: Range;
  // Malformed 200 bodies.
  invalid_json_pct: number;
  truncated_pct: number;
  empty_body_pct: number;
  missing_fields_pct: number;
  wrong_content_type_pct: number;
  selection_mode: SelectionMode;
  burst: BurstConfig;
}

export interface ChaosConfig {
  response: {
    /** What answers a request no fixture matches; null = the usual 404. */
    mode: ResponseMode | null;
    /** Honour `X-Fake-Response-Mode` / `X-Fake-Template` request headers (ChaosLLM's default: yes). */
    allow_header_overrides: boolean;
    /** The longest template accepted, from the config or a header (characters). */
    max_template_length: number;
    random: { min_words: number; max_words: number; vocabulary: Vocabulary };
    /** The template mode's template; null = none (a header must bring one). */
    template: { body: string | null };
    /** The preset mode's JSONL bank (one `{"content": ...}` per line), read at start and on change. */
    preset: { file: string | null; selection: PresetSelection };
  };
  latency: { base_ms: number; jitter_ms: number };
  error_injection: ErrorInjectionConfig;
}

export type ConnectionFault = 'connection_failed' | 'connection_stall' | 'timeout' | 'connection_reset' | 'slow_response';
export type HttpFault = 'rate_limit' | 'capacity_529' | 'service_unavailable' | 'bad_gateway' | 'gateway_timeout' | 'internal_error' | 'forbidden' | 'not_found';
export type MalformedFault = 'invalid_json' | 'truncated' | 'empty_body' | 'missing_fields' | 'wrong_content_type';

/** What the decision says about one request. Times in milliseconds, drawn from the config's ranges. */
export type ChaosOutcome =
  | { kind: 'pass'; latencyMs: number }
  | { kind: 'http'; fault: HttpFault; status: number; retryAfterSec?: number }
  | { kind: 'malformed'; fault: MalformedFault }
  /** `leadMs`: connection_failed's wait before the reset. */
  | { kind: 'connection'; fault: 'connection_failed'; leadMs: number }
  /** Silent for `startMs`... nothing is sent; after `startMs + stallMs` the socket is reset. */
  | { kind: 'connection'; fault: 'connection_stall'; startMs: number; stallMs: number }
  /** Wait `waitMs`, then a 504 (`reset: false`) or a reset. */
  | { kind: 'connection'; fault: 'timeout'; waitMs: number; reset: boolean }
  | { kind: 'connection'; fault: 'connection_reset' }
  /** The answer as usual, after `delayMs` more. */
  | { kind: 'connection'; fault: 'slow_response'; delayMs: number; latencyMs: number };
