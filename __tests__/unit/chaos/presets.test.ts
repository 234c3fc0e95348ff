/** The six presets hold ChaosLLM's preset table exactly; the loader refuses other names. */
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHAOS_CONFIG } from '../../../src/chaos/config.js';
import { listPresets, loadPreset, PRESET_NAMES, PRESETS_DIR } from '../../../src/chaos/presets.js';

type Col = [gentle: unknown, realistic: unknown, stress_aimd: unknown, chaos: unknown, silent: unknown, stress_extreme: unknown];

// ChaosLLM's preset table, row by row, columns in the table's order.
const TABLE: Record<string, Col> = {
  'response.random.min_words': [10, 20, 10, 5, 10, 10],
  'response.random.max_words': [50, 100, 50, 200, 50, 50],
  'latency.base_ms': [50, 100, 30, 100, 10, 10],
  'latency.jitter_ms': [20, 50, 15, 100, 5, 5],
  'error_injection.rate_limit_pct': [1, 5, 15, 6.25, 0, 20],
  'error_injection.capacity_529_pct': [0.5, 2, 5, 3.125, 0, 10],
  'error_injection.service_unavailable_pct': [0.5, 0.5, 2, 1.875, 0, 3],
  'error_injection.retry_after_sec': [[1, 3], [1, 5], [1, 3], [1, 10], [1, 5], [1, 3]],
  'error_injection.internal_error_pct': [0, 0.2, 0.5, 1.875, 0, 5],
  'error_injection.bad_gateway_pct': [0, 0.1, 0.2, 1.25, 0, 1],
  'error_injection.gateway_timeout_pct': [0, 0.2, 0.3, 1.25, 0, 1],
  'error_injection.forbidden_pct': [0, 0, 0, 0.625, 0, 0],
  'error_injection.not_found_pct': [0, 0, 0, 0.625, 0, 0],
  'error_injection.timeout_pct': [0, 0.2, 0, 1.25, 0, 0],
  'error_injection.timeout_sec': [[30, 60], [30, 60], [30, 60], [15, 45], [30, 60], [30, 60]],
  'error_injection.connection_reset_pct': [0, 0.1, 0, 0.9375, 0, 0],
  'error_injection.slow_response_pct': [0, 1, 0.5, 1.875, 0, 0],
  'error_injection.slow_response_sec': [[10, 30], [5, 15], [5, 10], [10, 30], [10, 30], [5, 10]],
  'error_injection.invalid_json_pct': [0, 0.1, 0, 1.25, 0, 3],
  'error_injection.truncated_pct': [0, 0.1, 0, 0.9375, 0, 2],
  'error_injection.empty_body_pct': [0, 0, 0, 0.625, 0, 0],
  'error_injection.missing_fields_pct': [0, 0.1, 0, 0.9375, 0, 0],
  'error_injection.wrong_content_type_pct': [0, 0, 0, 0.3125, 0, 0],
  'error_injection.burst.enabled': [false, true, true, true, false, true],
  'error_injection.burst.interval_sec': [30, 60, 30, 20, 30, 15],
  'error_injection.burst.duration_sec': [5, 5, 5, 8, 5, 5],
  'error_injection.burst.rate_limit_pct': [80, 50, 80, 90, 80, 90],
  'error_injection.burst.capacity_pct': [50, 30, 50, 70, 50, 70],
  // "all also: response mode random, english vocabulary"
  'response.mode': ['random', 'random', 'random', 'random', 'random', 'random'],
  'response.random.vocabulary': ['english', 'english', 'english', 'english', 'english', 'english'],
};

const at = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);

describe('presets', () => {
  it('are the six of the table, in its order, one file each', () => {
    expect(PRESET_NAMES).toEqual(['gentle', 'realistic', 'stress_aimd', 'chaos', 'silent', 'stress_extreme']);
    expect(readdirSync(fileURLToPath(PRESETS_DIR)).sort()).toEqual(PRESET_NAMES.map((n) => `${n}.yaml`).sort());
  });

  it.each(PRESET_NAMES.map((name, i) => [name, i] as const))('%s holds its column of the table exactly', (name, i) => {
    const config = loadPreset(name);
    for (const [path, col] of Object.entries(TABLE)) expect([path, at(config, path)]).toEqual([path, col[i]]);
  });

  it.each(PRESET_NAMES)('%s leaves what the table does not set at the built-in defaults', (name) => {
    const ei = loadPreset(name).error_injection;
    const d = DEFAULT_CHAOS_CONFIG.error_injection;
    expect([ei.connection_failed_pct, ei.connection_stall_pct, ei.selection_mode]).toEqual([0, 0, 'priority']);
    expect([ei.connection_failed_lead_sec, ei.connection_stall_start_sec, ei.connection_stall_sec]).toEqual([d.connection_failed_lead_sec, d.connection_stall_start_sec, d.connection_stall_sec]);
  });

  it('an unknown name (or a path) is refused, naming the presets', () => {
    expect(() => loadPreset('mild')).toThrow(/unknown preset 'mild'; one of gentle, realistic, stress_aimd, chaos, silent, stress_extreme/);
    expect(() => loadPreset('../package')).toThrow(/unknown preset/);
  });

  it('listPresets gives every preset a one-line description', () => {
    const list = listPresets();
    expect(list.map((p) => p.name)).toEqual([...PRESET_NAMES]);
    for (const p of list) {
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.description).not.toContain('\n');
    }
  });
});
