/**
 * The fixtures added while the server runs: `POST /admin/fixtures` and `server.addFixtures()`
 * add a batch, `DELETE /admin/fixtures` and `server.clearFixtures()` drop them all. They sit in
 * front of the file fixtures in the engine (priority and catch-all rules apply inside the
 * group, as in files) and are untouched by hot reloads, which only swap the file group.
 */
import type { Engine } from '../engine/engine.js';
import { orderFixtures } from '../fixture-set/load.js';
import { loadRuntimeFixtures, type RuntimeFixtureInput } from '../fixture-set/load-runtime.js';
import type { Fixture } from '../fixture-set/types.js';
import type { FixtureFileObject, FixtureObject } from '../fixture-set/fixture-object.js';

/**
 * The runtime fixtures at one moment (`snapshotFixtures()`), to put back exactly, same objects
 * and ids, with `restoreFixtures()`: useLlmposter undoes what a test added or cleared this way.
 */
export class FixtureSnapshot {
  /** @internal */
  constructor(readonly fixtures: readonly Fixture[]) {}
  /** The ids in the snapshot, in the order they were added. */
  get ids(): string[] {
    return this.fixtures.map((f) => f.id);
  }
}

/** What `addFixtures()` takes: fixture-file YAML text, a fixture file object, a list of fixtures or one fixture. */
export type FixturesInput = string | FixtureFileObject | FixtureObject[] | FixtureObject;

export class RuntimeFixtures {
  /** Every batch takes the next number, accepted or not, so a problem's `runtime-N` names one submission. */
  private batches = 0;
  /** In the order they were added (orderFixtures sorts a copy). */
  private added: readonly Fixture[] = [];

  constructor(private readonly engine: Engine) {}

  /**
   * Validate a batch like a fixture file and put it in front of the file fixtures; returns the
   * added fixtures (ids `runtime-N#i`). Throws FixtureLoadError listing every problem, adding nothing.
   */
  add(input: RuntimeFixtureInput): Fixture[] {
    const set = loadRuntimeFixtures(input, `runtime-${++this.batches}`);
    this.serve([...this.added, ...set.fixtures]);
    return set.fixtures;
  }

  /** The list as it is now (the list is replaced on every change, never mutated, so this is cheap). */
  snapshot(): FixtureSnapshot {
    return new FixtureSnapshot(this.added);
  }

  /** Put a snapshot's fixtures back as they were (nothing is renumbered); a no-op when nothing changed. */
  restore(snapshot: FixtureSnapshot): void {
    if (snapshot.fixtures !== this.added) this.serve(snapshot.fixtures);
  }

  /** Drop every runtime fixture (the file fixtures stay); returns how many were dropped. */
  clear(): number {
    const dropped = this.added.length;
    this.serve([]);
    return dropped;
  }

  /** The one place the list changes: a new list (never mutated, so snapshots stay valid), served. */
  private serve(list: readonly Fixture[]): void {
    this.added = list;
    this.engine.setRuntimeFixtures({ fixtures: orderFixtures(list), files: [] });
  }
}

/** `addFixtures()`'s argument as a body: a string is fixture-file YAML; anything else goes as JSON. */
export function runtimeInput(input: FixturesInput): RuntimeFixtureInput {
  return typeof input === 'string' ? { yaml: input } : { json: JSON.stringify(input, null, 2) ?? 'null' };
}
