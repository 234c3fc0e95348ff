/** Waiting for fixture files to stop changing before a reload, on the fake clock. */
import { describe, expect, it } from '@jest/globals';
import { createSettler } from '../../../src/fixture-set/settle.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';

const SETTLE = 750;
const POLL = 100;

/** A file the test writes to, and a settler watching it; `reads` is what each reload saw. */
function setup() {
  const clock = createFakeClock();
  let disk = 'v1';
  const reads: string[] = [];
  const settler = createSettler({ snapshot: () => disk, onSettled: () => reads.push(disk), settleMs: SETTLE, pollMs: POLL, clock });
  return {
    clock,
    settler,
    reads,
    /** Write (the event reaches the watcher with the write, or not at all when `event` is false). */
    write(text: string, event = true) {
      disk = text;
      if (event) settler.poke();
    },
  };
}

describe('createSettler', () => {
  it('fires once the files have been quiet for settleMs, not before', () => {
    const t = setup();
    t.write('v2');
    t.clock.advance(SETTLE - 1);
    expect(t.reads).toEqual([]);
    t.clock.advance(1);
    expect(t.reads).toEqual(['v2']);
    expect(t.settler.waiting).toBe(false);
  });

  it('a burst of events is one reload', () => {
    const t = setup();
    for (let i = 0; i < 20; i++) {
      t.write(`v${i}`);
      t.clock.advance(10);
    }
    t.clock.advance(5 * SETTLE);
    expect(t.reads).toEqual(['v19']);
  });

  it('a writer pausing up to 500 ms mid-file is never read half-written, even when its second write raises no event', () => {
    for (const pause of [100, 250, 499, 500, SETTLE - POLL, SETTLE - 1]) {
      for (const secondEvent of [true, false]) {
        const t = setup();
        t.write('fixtures: [first half');
        t.clock.advance(pause);
        t.write('fixtures: [first half, second half]', secondEvent);
        t.clock.advance(10 * SETTLE);
        expect({ pause, secondEvent, reads: t.reads }).toEqual({ pause, secondEvent, reads: ['fixtures: [first half, second half]'] });
      }
    }
  });

  it('a writer that writes in many steps, each pause shorter than settleMs, is read once, whole', () => {
    const t = setup();
    let text = '';
    for (let step = 0; step < 30; step++) {
      text += `line ${step}\n`;
      t.write(text, step % 3 === 0); // most writes raise no event of their own
      t.clock.advance(step % 2 ? SETTLE - 1 : 37);
    }
    t.clock.advance(10 * SETTLE);
    expect(t.reads).toEqual([text]);
  });

  it('an event restarts the quiet period even when the snapshot looks the same (coarse mtimes)', () => {
    const t = setup();
    t.write('v2');
    t.clock.advance(SETTLE - 50);
    t.settler.poke(); // e.g. rewritten with the same size within the same mtime tick
    t.clock.advance(SETTLE - 1);
    expect(t.reads).toEqual([]);
    t.clock.advance(1);
    expect(t.reads).toEqual(['v2']);
  });

  it('is ready for the next burst after firing, and close() stops it', () => {
    const t = setup();
    t.write('v2');
    t.clock.advance(SETTLE);
    t.write('v3');
    t.clock.advance(SETTLE);
    expect(t.reads).toEqual(['v2', 'v3']);
    t.write('v4');
    t.settler.close();
    t.clock.advance(10 * SETTLE);
    t.settler.poke();
    t.clock.advance(10 * SETTLE);
    expect(t.reads).toEqual(['v2', 'v3']);
    expect(t.clock.pendingTimers()).toBe(0);
  });
});
