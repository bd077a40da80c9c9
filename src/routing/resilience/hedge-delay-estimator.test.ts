import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HedgeDelayEstimator, kaplanMeierQuantile } from './hedge-delay-estimator.js';

/** Textbook Kaplan–Meier, one comparator sort: the oracle for the merged version. */
function naiveKm(values: number[], censored: number[], q: number): number {
  const idx = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || censored[a] - censored[b]);
  let s = 1;
  let last = NaN;
  for (let k = 0; k < idx.length; k++) {
    if (censored[idx[k]] === 1) continue;
    s *= 1 - 1 / (idx.length - k);
    last = values[idx[k]];
    if (1 - s >= q - 1e-12) return last;
  }
  return last;
}

describe('kaplanMeierQuantile', () => {
  it('without censoring is the nearest-rank quantile', () => {
    const v = [50, 10, 40, 30, 20];
    expect(kaplanMeierQuantile(v, [0, 0, 0, 0, 0], 5, 0.6)).toBe(30);
    expect(kaplanMeierQuantile(v, [0, 0, 0, 0, 0], 5, 0.95)).toBe(50);
  });

  it('a censored time moves its mass to the later answers (hand-computed)', () => {
    // 10 answered, 20 censored, 30 and 40 answered: S = 3/4 after 10, then ×(1 − 1/2) after 30.
    expect(kaplanMeierQuantile([10, 20, 30, 40], [0, 1, 0, 0], 4, 0.25)).toBe(10);
    expect(kaplanMeierQuantile([10, 20, 30, 40], [0, 1, 0, 0], 4, 0.5)).toBe(30);
    expect(kaplanMeierQuantile([10, 20, 30, 40], [0, 1, 0, 0], 4, 0.7)).toBe(40);
    expect(kaplanMeierQuantile([5], [1], 1, 0.5)).toBeNaN();
  });

  it('property: matches the textbook estimator, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (pairs, q) => {
        const v = pairs.map(([x]) => x);
        const c = pairs.map(([, k]) => (k ? 1 : 0));
        expect(kaplanMeierQuantile(v, c, v.length, q)).toBe(naiveKm(v, c, q));
      }),
      { numRuns: 300 },
    );
  });
});

describe('HedgeDelayEstimator', () => {
  it('needs 1/(1−q) samples, then answers from the newest window only', () => {
    const e = new HedgeDelayEstimator(100, 1);
    for (let i = 0; i < 19; i++) e.observe(1_000);
    expect(e.latencyQuantileMs(0.95)).toBeNaN();
    e.observe(1_000);
    expect(e.latencyQuantileMs(0.95)).toBe(1_000);
    for (let i = 0; i < 100; i++) e.observe(i + 1);
    expect(e.latencyQuantileMs(0.95)).toBe(95);
  });

  it('censoring above the percentile does not drag it down (the hedging bias)', () => {
    // 95 answers at 1..95 ms; the 5 slowest originals were cancelled by hedges at 96 ms.
    const e = new HedgeDelayEstimator(100, 1);
    for (let i = 1; i <= 95; i++) e.observe(i);
    for (let i = 0; i < 5; i++) e.censor(96);
    expect(e.latencyQuantileMs(0.95)).toBe(95);
    expect(e.latencyQuantileMs(0.9)).toBe(90);
  });
});
