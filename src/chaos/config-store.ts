/**
 * The running server's load-chaos config: read on every request (`get` returns a frozen
 * object, no copy), changed by `POST /admin/config` (`update` deep-merges and validates, and
 * changes nothing when the result is invalid). With it, the response modes the config
 * describes, prepared once per change (template compiled, preset bank read): a template that
 * does not compile or a bank that does not read is a problem of the update like any other.
 */
import { ChaosConfigError, CHAOS_OFF_CONFIG, DEFAULT_CHAOS_CONFIG, deepFreeze, mergeChaosConfig, validateChaosConfig, type ChaosConfigPatch, type ChaosProblem } from './config.js';
import { ResponseModes } from './response-modes.js';
import type { ChaosConfig } from './types.js';

export type ChaosUpdate = { ok: true; config: ChaosConfig } | { ok: false; problems: ChaosProblem[] };
export type ChaosConfigListener = (config: ChaosConfig, previous: ChaosConfig) => void;

export class ChaosConfigStore {
  private current: ChaosConfig;
  private modes: ResponseModes;
  private readonly listeners = new Set<ChaosConfigListener>();

  /**
   * Start from `initial` (completed with the built-in defaults); none = chaos off
   * (`CHAOS_OFF_CONFIG`). Throws ChaosConfigError when `initial` is invalid.
   */
  constructor(initial?: ChaosConfig) {
    const config = initial === undefined ? CHAOS_OFF_CONFIG : mergeChaosConfig(DEFAULT_CHAOS_CONFIG, initial);
    const problems = validateChaosConfig(config);
    if (problems.length > 0) throw new ChaosConfigError(problems);
    this.modes = ResponseModes.prepare(config.response);
    this.current = deepFreeze(config);
  }

  /** The response modes of the current config. */
  responseModes(): ResponseModes {
    return this.modes;
  }

  /** The current config (frozen; never mutated, replaced on update). */
  get(): ChaosConfig {
    return this.current;
  }

  /**
   * Deep-merge `partial` over the current config and validate the result: on success it
   * becomes current and listeners hear of it; on failure nothing changes.
   * @example store.update({ error_injection: { rate_limit_pct: 10 } }) // { ok: true, config }
   * @example store.update({ latency: { base_ms: -1 } }) // { ok: false, problems: [{ path: 'latency.base_ms', ... }] }
   */
  update(partial: unknown): ChaosUpdate {
    if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
      const got = partial === null ? 'null' : Array.isArray(partial) ? 'an array' : typeof partial;
      return { ok: false, problems: [{ path: '', message: `the config must be an object (a partial config, e.g. {"error_injection": {"rate_limit_pct": 10}}), got ${got}` }] };
    }
    const next = mergeChaosConfig(this.current, partial);
    const problems = validateChaosConfig(next);
    if (problems.length > 0) return { ok: false, problems };
    try {
      this.modes = ResponseModes.prepare(next.response, this.modes);
    } catch (err) {
      if (err instanceof ChaosConfigError) return { ok: false, problems: err.problems };
      throw err;
    }
    this.apply(next);
    return { ok: true, config: this.current };
  }

  /**
   * Replace the whole config: `config` completed with the built-in defaults (as the constructor
   * does), validated; listeners hear of it. Throws ChaosConfigError listing every problem, and
   * then nothing changes.
   * @example store.replace({ error_injection: { rate_limit_pct: 100 } }).error_injection.rate_limit_pct // 100
   */
  replace(config: ChaosConfigPatch): ChaosConfig {
    const next = mergeChaosConfig(DEFAULT_CHAOS_CONFIG, config);
    const problems = validateChaosConfig(next);
    if (problems.length > 0) throw new ChaosConfigError(problems);
    this.modes = ResponseModes.prepare(next.response, this.modes);
    this.apply(next);
    return this.current;
  }

  private apply(next: ChaosConfig): void {
    const previous = this.current;
    this.current = deepFreeze(next);
    for (const listener of this.listeners) listener(this.current, previous);
  }

  /** Hear of every successful update; returns the unsubscribe function. */
  onChange(listener: ChaosConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
