import { describe, expect, it } from '@jest/globals';
import { settleHeap } from '../../../src/util/settle-heap.js';

describe('settleHeap', () => {
  it('runs a full collection: an object nothing holds any more is gone afterwards', async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ big: new Array(1000).fill('x') });
    })();
    // A WeakRef's target lives at least until the end of the job that made or read it.
    await new Promise((r) => setImmediate(r));
    const ms = settleHeap();
    expect(typeof ms).toBe('number');
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ref!.deref()).toBeUndefined();
  });

  it('is safe to call again', () => {
    expect(typeof settleHeap()).toBe('number');
  });
});
