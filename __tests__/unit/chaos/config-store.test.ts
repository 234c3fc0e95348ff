/** ChaosConfigStore.replace (what `server.setChaos()` calls): a whole new config, or nothing. */
import { describe, expect, it } from '@jest/globals';
import { ChaosConfigStore } from '../../../src/chaos/config-store.js';
import { ChaosConfigError, CHAOS_OFF_CONFIG, DEFAULT_CHAOS_CONFIG } from '../../../src/chaos/config.js';

describe('ChaosConfigStore.replace', () => {
  it('completes the config with the defaults, makes it current and tells the listeners', () => {
    const store = new ChaosConfigStore();
    const heard: Array<[number, number]> = [];
    store.onChange((next, previous) => heard.push([next.error_injection.rate_limit_pct, previous.error_injection.rate_limit_pct]));
    store.update({ error_injection: { forbidden_pct: 5 } });
    const config = store.replace({ error_injection: { rate_limit_pct: 40 } });
    expect(store.get()).toBe(config);
    expect(config.error_injection.rate_limit_pct).toBe(40);
    // Not merged over the current config: what is left out is the default again.
    expect(config.error_injection.forbidden_pct).toBe(0);
    expect(config.latency).toEqual(DEFAULT_CHAOS_CONFIG.latency);
    expect(heard).toEqual([[0, 0], [40, 0]]);
  });

  it('an invalid config throws every problem and changes nothing', () => {
    const store = new ChaosConfigStore();
    let heard = 0;
    store.onChange(() => heard++);
    let thrown: unknown;
    try {
      store.replace({ error_injection: { rate_limit_pct: 150 }, latency: { base_ms: -1 } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ChaosConfigError);
    expect((thrown as ChaosConfigError).problems.map((p) => p.path).sort()).toEqual(['error_injection.rate_limit_pct', 'latency.base_ms']);
    expect(store.get()).toEqual(CHAOS_OFF_CONFIG);
    expect(heard).toBe(0);
  });
});
