/**
 * Stateful RPM/TPM limits (LLMSim's): a request bucket and a token bucket per API key, and per
 * model for models with limits of their own. A request that fits spends from both and carries
 * the provider's rate-limit headers; one that does not gets a 429 and spends nothing.
 *
 * Tokens charged = prompt tokens + the request's maximum output (`max_tokens`,
 * `max_completion_tokens`, `max_output_tokens`, `maxOutputTokens`); a request that names no
 * maximum is charged its prompt alone (embeddings: their input tokens).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NeutralError } from '../canonical/answer.js';
import type { LlmRequest } from '../canonical/request.js';
import { countChatPromptTokens, countTokens } from '../generate/tokens.js';
import { apiKeyId } from './api-key.js';
import { type Bucket, fullBucket, msUntil, refill } from './bucket.js';
import type { LimitPair, RateLimitsConfig } from './config.js';
import { addBucketHeaders, addRetryAfter, headerStyle } from './headers.js';
import { rateLimitMessage } from './messages.js';

export const DEFAULT_MAX_KEYS = 10_000;

interface Buckets {
  requests?: Bucket;
  tokens?: Bucket;
}

export interface RateLimitClock {
  now(): number;
  unixSeconds(): number;
}

/** Tokens a request is charged. */
export function requestCost(request: LlmRequest): number {
  if (request.op === 'embed') return request.inputs.reduce((n, t) => n + countTokens(t), 0);
  return countChatPromptTokens(request.messages) + (request.maxOutputTokens ?? 0);
}

export class RateLimiter {
  private readonly buckets = new Map<string, Buckets>();
  private readonly maxKeys: number;
  private readonly defaults: LimitPair;
  private readonly models: Map<string, LimitPair>;

  constructor(config: RateLimitsConfig, private readonly clock: RateLimitClock) {
    this.maxKeys = config.maxKeys ?? DEFAULT_MAX_KEYS;
    this.defaults = config.default ?? {};
    // An override inherits what it leaves out from the default.
    this.models = new Map(Object.entries(config.models ?? {}).map(([m, p]) => [m, { ...this.defaults, ...p }]));
  }

  /**
   * Charge `request` to its key. Rate-limit headers go into `headers` (the response's own
   * object); the return is the 429 to send, or undefined when the request may go on.
   */
  check(request: LlmRequest, reqHeaders: IncomingHttpHeaders, headers: Record<string, string>, query?: URLSearchParams): NeutralError | undefined {
    const override = this.models.get(request.model);
    const limits = override ?? this.defaults;
    if (limits.rpm === undefined && limits.tpm === undefined) return undefined;
    const id = apiKeyId(reqHeaders, query);
    const b = this.bucketsFor(override ? `${id}\u0000${request.model}` : id, limits);
    const now = this.clock.now();
    const cost = b.tokens ? requestCost(request) : 0;
    if (b.requests) refill(b.requests, now);
    if (b.tokens) refill(b.tokens, now);

    const style = headerStyle(request.provider);
    const waitRequests = b.requests ? msUntil(b.requests, 1) : 0;
    const waitTokens = b.tokens ? msUntil(b.tokens, cost) : 0;
    const unix = this.clock.unixSeconds();
    if (waitRequests > 0 || waitTokens > 0) {
      // Name the budget that keeps the client waiting longest (one it can never fit first).
      const byTokens = waitTokens > waitRequests;
      const bucket = (byTokens ? b.tokens : b.requests)!;
      const waitMs = Math.max(waitRequests, waitTokens);
      if (b.requests) addBucketHeaders(headers, style, 'requests', b.requests, unix);
      if (b.tokens) addBucketHeaders(headers, style, 'tokens', b.tokens, unix);
      // Waiting cannot help a request larger than the whole budget: no retry-after then.
      if (Number.isFinite(waitMs)) addRetryAfter(headers, style, waitMs);
      const kind = byTokens ? 'tokens' : 'requests';
      const used = Math.min(bucket.capacity, Math.ceil(bucket.capacity - bucket.level));
      const message = rateLimitMessage(style, { model: request.model, kind, limit: bucket.capacity, used, requested: byTokens ? cost : 1, waitMs });
      return { status: 429, message, rateLimitDefaults: false };
    }
    if (b.requests) {
      b.requests.level -= 1;
      addBucketHeaders(headers, style, 'requests', b.requests, unix);
    }
    if (b.tokens) {
      b.tokens.level -= cost;
      addBucketHeaders(headers, style, 'tokens', b.tokens, unix);
    }
    return undefined;
  }

  /** How many key (and key x model) bucket sets are tracked. */
  get size(): number {
    return this.buckets.size;
  }

  /** Every bucket full again (`/admin/reset`). */
  reset(): void {
    this.buckets.clear();
  }

  /** The buckets for `key`, most recently used last; the least recently used go past `maxKeys`. */
  private bucketsFor(key: string, limits: LimitPair): Buckets {
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
    } else {
      const now = this.clock.now();
      b = {};
      if (limits.rpm !== undefined) b.requests = fullBucket(limits.rpm, now);
      if (limits.tpm !== undefined) b.tokens = fullBucket(limits.tpm, now);
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, b);
    return b;
  }
}
