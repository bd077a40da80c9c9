import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantileSketch, SketchError, quantileRank } from './quantile-sketch.js';

const QS = [0.5, 0.9, 0.95, 0.99, 0.999] as const;
/** Floating-point slack on top of α: log/exp rounding near a bucket edge (see the file comment). */
const FP_SLACK = 1e-12;

/**
 * Independent rank oracle in exact integer arithmetic: q = permille / 1000, rank = ⌈q·(n − 1)⌉.
 * The sketch's floating-point `quantileRank` must agree with it.
 */
function exactRank(permille: number, n: number): number {
  return Number((BigInt(permille) * BigInt(n - 1) + 999n) / 1000n);
}

function exactQuantile(sorted: number[], q: number): number {
  const permille = Math.round(q * 1000);
  return sorted[exactRank(permille, sorted.length)];
}

function sketchOf(values: readonly number[], alpha = 0.01, maxBuckets = 2048): QuantileSketch {
  const s = new QuantileSketch(alpha, maxBuckets);
  for (const v of values) s.add(v);
  return s;
}

const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true }).filter((x) => x > 0);
// Mix of scales, exact zeros and ties, so buckets, the zero bucket and duplicates all get exercised.
const value = fc.oneof(positive, fc.constant(0), fc.integer({ min: 1, max: 5 }).map((k) => k * 100));

describe('quantileRank', () => {
  it('matches ⌈q·(n − 1)⌉ computed in exact integer arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 10_000_000 }), (permille, n) => {
        expect(quantileRank(permille / 1000, n)).toBe(exactRank(permille, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats 0.9 × 10 as rank 9, not 10', () => {
    expect(quantileRank(0.9, 11)).toBe(9);
    expect(quantileRank(0, 5)).toBe(0);
    expect(quantileRank(1, 5)).toBe(4);
  });
});

describe('QuantileSketch relative-error guarantee', () => {
  for (const alpha of [0.01, 0.05]) {
    it(`every reported quantile is within α = ${alpha} of the exact rank-based quantile`, () => {
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 3000 }), (data) => {
          const s = sketchOf(data, alpha);
          const sorted = [...data].sort((a, b) => a - b);
          for (const q of QS) {
            const exact = exactQuantile(sorted, q);
            const got = s.quantile(q);
            expect(Math.abs(got - exact)).toBeLessThanOrEqual((alpha + FP_SLACK) * exact);
          }
          expect(s.quantile(0)).toBe(sorted[0]);
          expect(s.quantile(1)).toBe(sorted[sorted.length - 1]);
          expect(s.count).toBe(data.length);
          expect(s.min).toBe(sorted[0]);
          expect(s.max).toBe(sorted[sorted.length - 1]);
          const mean = data.reduce((a, b) => a + b, 0) / data.length;
          expect(Math.abs(s.mean - mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, sorted[sorted.length - 1]));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('holds for values spanning the whole double range, including the bucket edges γ^k', () => {
    const alpha = 0.02;
    const gamma = (1 + alpha) / (1 - alpha);
    const data: number[] = [];
    for (let k = -300; k <= 300; k += 7) data.push(gamma ** k, gamma ** k * (1 + 1e-15), gamma ** k * (1 - 1e-15));
    for (const x of [1e-300, 1e-200, 1e200, 1e300, 5e-324, 0]) data.push(x);
    // 1e-300..1e300 needs ~34,600 buckets at α = 2%: raise the cap so nothing collapses here.
    const s = sketchOf(data, alpha, 40_000);
    expect(s.bucketCount).toBeGreaterThan(34_000);
    const sorted = [...data].sort((a, b) => a - b);
    for (let permille = 0; permille <= 1000; permille += 7) {
      const exact = sorted[exactRank(permille, sorted.length)];
      // 5e-324 is subnormal: it lives in the zero bucket and reads as 0 (absolute error 5e-324).
      const tol = exact < 1e-307 ? 5e-324 : (alpha + FP_SLACK) * exact;
      expect(Math.abs(s.quantile(permille / 1000) - exact)).toBeLessThanOrEqual(tol);
    }
  });

  it('is exact (to α) on a known distribution: 1..100000', () => {
    const s = new QuantileSketch(0.01);
    for (let i = 1; i <= 100_000; i++) s.add(i);
    for (const q of QS) {
      const exact = 1 + quantileRank(q, 100_000);
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * exact);
    }
    expect(s.mean).toBe(50_000.5);
  });

  it('reports zeros and negatives as 0, clamped into [min, max]', () => {
    const s = sketchOf([0, 0, 0, 5]);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.zeroCount).toBe(3);
    const neg = sketchOf([-3, -2, -1]);
    expect(neg.quantile(0.5)).toBe(-1);
    expect(neg.min).toBe(-3);
  });

  it('rejects bad input and is NaN when empty', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.mean).toBeNaN();
    expect(s.min).toBeNaN();
    expect(() => s.add(NaN)).toThrow(SketchError);
    expect(() => s.add(Infinity)).toThrow(SketchError);
    expect(() => s.quantile(1.5)).toThrow(RangeError);
    expect(() => new QuantileSketch(0)).toThrow(SketchError);
    expect(() => new QuantileSketch(1)).toThrow(SketchError);
    expect(s.count).toBe(0);
  });
});

describe('QuantileSketch bounded memory', () => {
  it('never holds more than maxBuckets buckets, and upper quantiles stay within α after collapsing', () => {
    const alpha = 0.01;
    const s = new QuantileSketch(alpha, 256);
    // 256 buckets at α = 1% span a factor γ^256 ≈ 167; the data spans 1e-6..1e6.
    const data: number[] = [];
    for (let i = 0; i < 20_000; i++) data.push(10 ** (-6 + (12 * ((i * 7919) % 20_000)) / 20_000));
    for (const v of data) {
      s.add(v);
      expect(s.bucketCount).toBeLessThanOrEqual(256);
    }
    const sorted = [...data].sort((a, b) => a - b);
    const gamma = (1 + alpha) / (1 - alpha);
    const keptFloor = sorted[sorted.length - 1] / gamma ** 255; // values above this were never collapsed
    for (const q of QS) {
      const exact = exactQuantile(sorted, q);
      if (exact > keptFloor) expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual((alpha + FP_SLACK) * exact);
    }
    expect(s.quantile(0.999)).toBeGreaterThan(0);
  });

  it('matches a reference model of the collapsing store: window [max(minKey, maxKey − B + 1), maxKey], lower keys counted at its floor', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (data, maxBuckets) => {
        const alpha = 0.05;
        const multiplier = 1 / Math.log((1 + alpha) / (1 - alpha));
        // `+ 0` turns a key of −0 (ceil of a value in (−1, 0)) into 0, as the sketch does: keys are integers.
        const keys = data.filter((x) => x > 0).map((x) => Math.ceil(Math.log(x) * multiplier) + 0);
        const json = sketchOf(data, alpha, maxBuckets).toJSON();
        expect(json.zeroCount).toBe(data.length - keys.length);
        if (keys.length === 0) {
          expect(json.counts).toEqual([]);
          return;
        }
        const maxKey = Math.max(...keys);
        const lo = Math.max(Math.min(...keys), maxKey - maxBuckets + 1);
        const expected = new Array<number>(maxKey - lo + 1).fill(0);
        for (const k of keys) expected[Math.max(k, lo) - lo]++;
        expect(json.minKey).toBe(lo);
        expect(json.counts).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('the final state depends only on the multiset of values, even when buckets collapse', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 40 }), (data, maxBuckets) => {
        const forward = sketchOf(data, 0.05, maxBuckets);
        const backward = sketchOf([...data].reverse(), 0.05, maxBuckets);
        const sorted = sketchOf([...data].sort((a, b) => a - b), 0.05, maxBuckets);
        const strip = (s: QuantileSketch) => ({ ...s.toJSON(), sum: 0, sumCompensation: 0 });
        expect(strip(backward)).toEqual(strip(forward));
        expect(strip(sorted)).toEqual(strip(forward));
        expect(forward.bucketCount).toBeLessThanOrEqual(maxBuckets);
      }),
      { numRuns: 200 },
    );
  });
});

describe('QuantileSketch merge', () => {
  const strip = (s: QuantileSketch) => ({ ...s.toJSON(), sum: 0, sumCompensation: 0 });

  it('merging equals adding everything to one sketch (buckets, counts, min, max, quantiles)', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 500 }),
        fc.array(value, { maxLength: 500 }),
        fc.constantFrom(3, 17, 2048),
        (a, b, maxBuckets) => {
          const merged = sketchOf(a, 0.02, maxBuckets);
          merged.merge(sketchOf(b, 0.02, maxBuckets));
          const single = sketchOf([...a, ...b], 0.02, maxBuckets);
          expect(strip(merged)).toEqual(strip(single));
          for (const q of [0, ...QS, 1]) expect(merged.quantile(q)).toBe(single.quantile(q));
          if (single.count > 0) expect(Math.abs(merged.mean - single.mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, single.max));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('regression: a key of −0 (values just below 1) merges to the same state as adding (found by the property above)', () => {
    const values = [0.9607843137254902, 1.0000000000000002];
    const merged = sketchOf([], 0.02, 3);
    merged.merge(sketchOf(values, 0.02, 3));
    expect(strip(merged)).toEqual(strip(sketchOf(values, 0.02, 3)));
  });

  it('merging a sketch into itself doubles every count', () => {
    const s = sketchOf([1, 2, 3, 1000]);
    s.merge(s);
    expect(strip(s)).toEqual(strip(sketchOf([1, 2, 3, 1000, 1, 2, 3, 1000])));
  });

  it('refuses sketches with different parameters', () => {
    expect(() => new QuantileSketch(0.01).merge(new QuantileSketch(0.02))).toThrow(SketchError);
    expect(() => new QuantileSketch(0.01, 100).merge(new QuantileSketch(0.01, 200))).toThrow(SketchError);
  });
});

describe('QuantileSketch JSON', () => {
  it('round-trips through JSON text exactly, and keeps accepting values identically', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.array(value, { maxLength: 50 }), (data, more) => {
        const s = sketchOf(data, 0.01, 64);
        const back = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(s)));
        expect(back.toJSON()).toEqual(s.toJSON());
        for (const q of [0, ...QS, 1]) expect(Object.is(back.quantile(q), s.quantile(q))).toBe(true);
        for (const v of more) {
          s.add(v);
          back.add(v);
        }
        expect(back.toJSON()).toEqual(s.toJSON());
      }),
      { numRuns: 150 },
    );
  });

  it('rejects inconsistent JSON', () => {
    const json = sketchOf([1, 2, 3]).toJSON();
    expect(() => QuantileSketch.fromJSON({ ...json, count: 4 })).toThrow(SketchError);
    expect(() => QuantileSketch.fromJSON({ ...json, counts: [1.5] })).toThrow(SketchError);
    expect(() => QuantileSketch.fromJSON({ ...json, version: 2 as 1 })).toThrow(SketchError);
    expect(() => QuantileSketch.fromJSON({ ...json, min: null })).toThrow(SketchError);
  });
});
