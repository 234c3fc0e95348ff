/**
 * Load chaos at the door of every LLM route: one decision per request, before fixture
 * matching, from the live config (`/admin/config` changes it between requests) and the burst
 * clock. When the config asks for nothing (`chaosEnabled` false) the gate answers `undefined`
 * at the cost of one boolean check, so chaos off costs nothing on the hot path.
 */
import type { Answer } from '../canonical/answer.js';
import type { ChatRequest } from '../canonical/request.js';
import { BurstClock } from '../chaos/burst.js';
import { chaosEnabled } from '../chaos/config.js';
import type { ChaosConfigStore } from '../chaos/config-store.js';
import { decideChaos } from '../chaos/decide.js';
import type { ChaosOutcome } from '../chaos/types.js';
import { capToRequest, generatedAnswer } from '../generate/generated-answer.js';
import { createRng } from '../random/rng.js';
import type { RequestSeed } from '../random/request-seed.js';

export class ChaosGate {
  private enabled: boolean;
  private readonly burst: BurstClock;
  /** A request has been decided since the start or the last reset (the burst wave has begun). */
  private started = false;

  constructor(
    private readonly store: ChaosConfigStore,
    now: () => number,
    /** Wall-clock seconds, for templates' `timestamp()` (pinned by `--freeze-time`). */
    private readonly unixSeconds: () => number,
  ) {
    this.burst = new BurstClock(now);
    this.enabled = chaosEnabled(store.get());
    // A new error config restarts the burst wave, as in ChaosLLM.
    store.onChange(() => {
      this.enabled = chaosEnabled(this.store.get());
      this.burst.restart();
      this.started = false;
    });
  }

  /** The outcome for this request, or undefined when chaos is off. */
  decide(seed: RequestSeed): ChaosOutcome | undefined {
    if (!this.enabled) return undefined;
    this.started = true;
    const config = this.store.get();
    return decideChaos(config, seed.sub('traffic'), this.burst.inBurst(config.error_injection.burst), seed.sub('latency'));
  }

  /** For /health: whether load chaos is on, and whether a burst is on now. */
  health(): { enabled: boolean; in_burst: boolean } {
    // Asking must not start the wave: it starts with the first request, as in ChaosLLM.
    return { enabled: this.enabled, in_burst: this.enabled && this.started && this.burst.inBurst(this.store.get().error_injection.burst) };
  }

  /** `POST /admin/reset`: a new run starts a new burst wave. */
  reset(): void {
    this.burst.restart();
    this.started = false;
    this.store.responseModes().reset();
  }

  /**
   * What answers a chat request no fixture matched: the configured response mode's text (or
   * the one its `X-Fake-*` headers ask for), or null for the usual 404. Seeded by the request's
   * `generate` purpose.
   */
  generate(req: ChatRequest, seed: RequestSeed): { mode: string; answer: Answer } | null {
    if (!this.enabled) return null;
    const generated = this.store.responseModes().text(req, createRng(seed.sub('generate')), this.unixSeconds() * 1000);
    if (generated === null) return null;
    const { mode, text } = generated;
    // Cut to the request's max output tokens and counted like every generated answer.
    return { mode, answer: generatedAnswer(req, capToRequest(text, req)) };
  }
}
