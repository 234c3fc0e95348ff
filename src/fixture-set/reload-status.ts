/**
 * What `/health` says about hot reload: how old the serving set is, and why the last reload
 * failed, if it did. A broken edit keeps the previous set serving (by design), which is easy to
 * miss in a log nobody reads; a test harness or a human can see it here instead.
 */
import { FixtureLoadError } from './types.js';

export interface ReloadHealth {
  /** Milliseconds since the set now serving was loaded (at start or by the last good reload). */
  serving_age_ms: number;
  /** Why the latest reload failed; null once a reload succeeds. */
  last_error: null | {
    /** The first problem's place (`file` relative to the fixtures root; null if not a file problem). */
    file: string | null;
    line: number | null;
    col: number | null;
    message: string;
    /** How many problems that reload found in all (`llmposter validate` lists them all). */
    problems: number;
    /** Milliseconds since that reload failed. */
    age_ms: number;
  };
}

export interface ReloadStatus {
  /** A set was loaded and now serves. */
  loaded(): void;
  /** A reload failed; the previous set keeps serving. */
  failed(err: unknown): void;
  /** For `/health`; `showFile` turns a file as loaded into what users may see (no absolute paths). */
  health(showFile: (file: string) => string): ReloadHealth;
}

/**
 * @example
 * const status = createReloadStatus(() => clock.now());
 * try { swap(await load()); status.loaded(); } catch (err) { status.failed(err); }
 */
export function createReloadStatus(now: () => number): ReloadStatus {
  let loadedAt = now();
  let error: { at: number; err: unknown } | undefined;
  return {
    loaded() {
      loadedAt = now();
      error = undefined;
    },
    failed(err) {
      error = { at: now(), err };
    },
    health(showFile) {
      const t = now();
      const health: ReloadHealth = { serving_age_ms: Math.round(t - loadedAt), last_error: null };
      if (!error) return health;
      const age_ms = Math.round(t - error.at);
      const first = error.err instanceof FixtureLoadError ? error.err.problems[0] : undefined;
      health.last_error = first
        ? { file: showFile(first.file), line: first.line, col: first.col, message: first.message, problems: (error.err as FixtureLoadError).problems.length, age_ms }
        : { file: null, line: null, col: null, message: error.err instanceof Error ? error.err.message : String(error.err), problems: 1, age_ms };
      return health;
    },
  };
}
