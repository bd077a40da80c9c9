import { describe, expect, it } from 'vitest';
import { WindowTotal } from './window-total.js';

describe('WindowTotal', () => {
  it('sums within [k·w, (k+1)·w) and starts each later window from 0, with no timer', () => {
    const w = new WindowTotal(1_000);
    w.add(2, 0);
    w.add(3, 999.5);
    expect(w.valueAt(999.9)).toBe(5);
    expect(w.valueAt(1_000)).toBe(0);
    expect(w.add(1, 5_500)).toBe(1);
    expect([w.windowStartMs(5_500), w.windowEndMs(5_500)]).toEqual([5_000, 6_000]);
  });
});
