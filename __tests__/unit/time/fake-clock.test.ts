/**
 * `createFakeClock`: the timer semantics every time-based test relies on (deadline order, ties in
 * set order, `now()` at each deadline, timers set during an advance, clearing, Node-like delays).
 */
import { describe, it, expect } from '@jest/globals';
import { createFakeClock } from '../../../src/time/fake-clock.js';

describe('createFakeClock', () => {
  it('starts at startMs (default 0) and only moves when advanced', () => {
    expect(createFakeClock().now()).toBe(0);
    const clock = createFakeClock({ startMs: 500 });
    expect(clock.now()).toBe(500);
    clock.advance(25);
    expect(clock.now()).toBe(525);
    clock.advance(0);
    expect(clock.now()).toBe(525);
  });

  it('fires timers in deadline order, ties in the order they were set', () => {
    const clock = createFakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('c30'), 30);
    clock.setTimeout(() => fired.push('a10'), 10);
    clock.setTimeout(() => fired.push('b20-first'), 20);
    clock.setTimeout(() => fired.push('b20-second'), 20);
    clock.setTimeout(() => fired.push('d40'), 40);
    clock.advance(35);
    expect(fired).toEqual(['a10', 'b20-first', 'b20-second', 'c30']);
    clock.advance(5);
    expect(fired).toEqual(['a10', 'b20-first', 'b20-second', 'c30', 'd40']);
  });

  it('shows each callback now() equal to its own deadline, then lands on the target', () => {
    const clock = createFakeClock({ startMs: 100 });
    const seen: number[] = [];
    for (const ms of [7, 3, 50]) clock.setTimeout(() => seen.push(clock.now()), ms);
    clock.advance(1000);
    expect(seen).toEqual([103, 107, 150]);
    expect(clock.now()).toBe(1100);
  });

  it('fires timers set during an advance when they fall due within it (and not the others)', () => {
    const clock = createFakeClock();
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => {
      fired.push(['outer', clock.now()]);
      clock.setTimeout(() => {
        fired.push(['inner', clock.now()]);
        clock.setTimeout(() => fired.push(['innermost', clock.now()]), 100);
      }, 15);
    }, 10);
    clock.advance(50);
    expect(fired).toEqual([
      ['outer', 10],
      ['inner', 25],
    ]);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(74);
    expect(fired).toHaveLength(2);
    clock.advance(1);
    expect(fired).toEqual([
      ['outer', 10],
      ['inner', 25],
      ['innermost', 125],
    ]);
  });

  it('a timer set with 0 during an advance runs in the same advance, at the same instant', () => {
    const clock = createFakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 0), 5);
    clock.advance(5);
    expect(fired).toEqual([5]);
  });

  it('clearTimeout cancels a timer; undefined and already-fired handles are ignored', () => {
    const clock = createFakeClock();
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 10);
    const b = clock.setTimeout(() => fired.push('b'), 10);
    clock.clearTimeout(a);
    clock.clearTimeout(undefined);
    clock.advance(10);
    expect(fired).toEqual(['b']);
    expect(() => clock.clearTimeout(b)).not.toThrow();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a timer can clear a later one during the same advance', () => {
    const clock = createFakeClock();
    const fired: string[] = [];
    const later = clock.setTimeout(() => fired.push('later'), 20);
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(later);
    }, 10);
    clock.advance(100);
    expect(fired).toEqual(['first']);
  });

  it('pendingTimers counts timers set and neither fired nor cleared', () => {
    const clock = createFakeClock();
    expect(clock.pendingTimers()).toBe(0);
    const a = clock.setTimeout(() => {}, 10);
    clock.setTimeout(() => {}, 20);
    clock.setTimeout(() => {}, 30);
    expect(clock.pendingTimers()).toBe(3);
    clock.clearTimeout(a);
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(20);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(10);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('unixSeconds starts at the given epoch and moves with time in whole seconds', () => {
    const clock = createFakeClock({ startMs: 12_345, unixSeconds: 2_000_000_000 });
    expect(clock.unixSeconds()).toBe(2_000_000_000);
    clock.advance(999);
    expect(clock.unixSeconds()).toBe(2_000_000_000);
    clock.advance(1);
    expect(clock.unixSeconds()).toBe(2_000_000_001);
    clock.advance(60_500);
    expect(clock.unixSeconds()).toBe(2_000_000_061);
    expect(createFakeClock().unixSeconds()).toBe(1_700_000_000);
  });

  it.each([
    ['negative', -50],
    ['NaN', Number.NaN],
    ['-Infinity', -Infinity],
    ['zero', 0],
  ])('a %s delay fires on the next advance(0), at the current time', (_name, ms) => {
    const clock = createFakeClock({ startMs: 40 });
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), ms);
    expect(fired).toEqual([]);
    clock.advance(0);
    expect(fired).toEqual([40]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a negative advance does not move time backwards', () => {
    const clock = createFakeClock({ startMs: 10 });
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 1);
    clock.advance(-5);
    expect(clock.now()).toBe(10);
    expect(fired).toEqual([]);
  });
});
