import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import type { Rng } from '../core/ports.js';
import { meanCi, pairedDiff, paretoFront, rankLexicographic, studentTCdf, studentTQuantile, tCritical } from './statistics.js';
import { logGamma } from '../sim/distributions/special-functions.js';
import { regularizedIncompleteBeta } from './student-t.js';

/** Two-sided critical values from a printed t table (3 decimals). */
const TABLE: Record<number, { 0.95: number; 0.99: number }> = {
  1: { 0.95: 12.706, 0.99: 63.657 },
  2: { 0.95: 4.303, 0.99: 9.925 },
  5: { 0.95: 2.571, 0.99: 4.032 },
  10: { 0.95: 2.228, 0.99: 3.169 },
  30: { 0.95: 2.042, 0.99: 2.75 },
  120: { 0.95: 1.98, 0.99: 2.617 },
};

function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log away from 0.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

describe('Student t distribution', () => {
  it.each(Object.entries(TABLE))('df = %s matches the printed table at 95%% and 99%%', (df, row) => {
    expect(tCritical(0.95, Number(df))).toBeCloseTo(row[0.95], 3);
    expect(tCritical(0.99, Number(df))).toBeCloseTo(row[0.99], 3);
  });

  it('matches closed forms: df = 1 (Cauchy), df = 2, df = 4', () => {
    for (const p of [0.6, 0.75, 0.9, 0.975, 0.995, 0.9995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
      const a = 4 * p * (1 - p);
      const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a);
      expect(studentTQuantile(p, 4)).toBeCloseTo(2 * Math.sqrt(q - 1), 10);
    }
  });

  it('CDF matches closed forms for df = 1, 2, 3', () => {
    for (const t of [-30, -4, -1.5, -0.2, 0, 0.3, 1, 2.5, 7, 100]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
      const x = t / Math.sqrt(3);
      expect(studentTCdf(t, 3)).toBeCloseTo(0.5 + (x / (1 + x * x) + Math.atan(x)) / Math.PI, 13);
    }
  });

  it('approaches the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 5);
    expect(studentTQuantile(0.995, 1e7)).toBeCloseTo(2.5758293035489, 5);
  });

  it('quantile inverts the CDF and is antisymmetric (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 500, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (df, p) => {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 10);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 8);
      }),
      { numRuns: 200 },
    );
  });

  it('log-gamma and incomplete beta agree with exact values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 13);
    expect(regularizedIncompleteBeta(0.8, 3, 1)).toBeCloseTo(0.8 ** 3, 13);
  });

  it('rejects nonsense arguments', () => {
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(1.5, 3)).toThrow(RangeError);
    expect(() => tCritical(1, 3)).toThrow(RangeError);
  });
});

describe('meanCi', () => {
  it('computes the Student-t interval by hand', () => {
    const ci = meanCi([1, 2, 3, 4, 5]);
    const half = (2.7764451051977987 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(ci.mean).toBe(3);
    expect(ci.n).toBe(5);
    expect(ci.lo).toBeCloseTo(3 - half, 10);
    expect(ci.hi).toBeCloseTo(3 + half, 10);
  });

  it('skips NaN and infinities; n < 2 collapses the interval; n = 0 is NaN', () => {
    expect(meanCi([NaN, 4, Infinity, 6, NaN])).toEqual(meanCi([4, 6]));
    expect(meanCi([NaN, 7])).toEqual({ mean: 7, lo: 7, hi: 7, n: 1 });
    const empty = meanCi([NaN, NaN]);
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.lo).toBeNaN();
  });

  it('identical values give an exact, zero-width interval', () => {
    expect(meanCi([0.1, 0.1, 0.1])).toEqual({ mean: 0.1, lo: 0.1, hi: 0.1, n: 3 });
  });

  it('the 99% interval contains the 95% interval', () => {
    const xs = [3.1, 2.7, 3.9, 3.3, 2.2, 3.0];
    const a = meanCi(xs, 0.95);
    const b = meanCi(xs, 0.99);
    expect(b.lo).toBeLessThan(a.lo);
    expect(b.hi).toBeGreaterThan(a.hi);
  });

  it('covers the true mean of normal samples at the nominal rate (n = 3 and n = 8)', () => {
    // 4000 intervals per case: coverage SE = sqrt(.95·.05/4000) ≈ 0.0034; allow 4.5 SE. A z
    // interval (1.96) would cover only ~81% at n = 3, far outside this band.
    const trials = 4000;
    const tol = 4.5 * Math.sqrt((0.95 * 0.05) / trials);
    for (const n of [3, 8]) {
      const rng = createRng(`coverage-${n}`);
      let covered = 0;
      for (let i = 0; i < trials; i++) {
        const xs = Array.from({ length: n }, () => 10 + 2 * normal(rng));
        const ci = meanCi(xs);
        if (ci.lo <= 10 && 10 <= ci.hi) covered++;
      }
      expect(Math.abs(covered / trials - 0.95)).toBeLessThan(tol);
    }
  });
});

describe('pairedDiff', () => {
  it('is exactly zero and not significant for a sample against itself', () => {
    const xs = [0.93, 0.97, 0.91, 0.99];
    expect(pairedDiff(xs, xs)).toEqual({ mean: 0, lo: 0, hi: 0, significant: false, n: 4 });
  });

  it('is the interval of the differences, skipping incomplete pairs', () => {
    const a = [5, 6, NaN, 8, 9];
    const b = [4, 4, 3, NaN, 6];
    const d = pairedDiff(a, b);
    const direct = meanCi([1, 2, 3]);
    // Differences 1, 2, 3: mean 2, but with n = 3 the interval (t = 4.30) still reaches below 0.
    expect(d).toEqual({ mean: direct.mean, lo: direct.lo, hi: direct.hi, significant: false, n: 3 });
    expect(direct.lo).toBeLessThan(0);
  });

  it('is significant only when the interval excludes 0', () => {
    expect(pairedDiff([1, 2, 3], [1.5, 1.5, 1.5]).significant).toBe(false);
    expect(pairedDiff([2, 2.1, 1.9], [1, 1, 1]).significant).toBe(true);
    expect(pairedDiff([2], [1]).significant).toBe(false); // one pair says nothing
  });

  it('is antisymmetric', () => {
    const a = [3.3, 1.2, 5.5, 4.1];
    const b = [2.2, 2.4, 4.0, 3.9];
    const ab = pairedDiff(a, b);
    const ba = pairedDiff(b, a);
    expect(ba.mean).toBe(-ab.mean);
    expect(ba.lo).toBeCloseTo(-ab.hi, 12);
  });

  it('refuses samples of different lengths', () => {
    expect(() => pairedDiff([1, 2], [1])).toThrow(RangeError);
  });
});

describe('Pareto front and ranking', () => {
  // (cost ↓, uptime ↑, p99 ↓)
  const dims = ['lower', 'higher', 'lower'] as const;

  it('finds the non-dominated points', () => {
    const pts = [
      [1.0, 0.99, 500], // A: cheapest
      [2.0, 0.999, 400], // B: best uptime and p99
      [2.5, 0.99, 600], // C: dominated by A and B
      [1.5, 0.995, 450], // D: a compromise, not dominated
      [2.0, 0.999, 450], // E: dominated by B (same cost and uptime, worse p99)
    ];
    expect(paretoFront(pts, [...dims])).toEqual([true, true, false, true, false]);
  });

  it('keeps exact ties together on the front', () => {
    const pts = [
      [1, 0.9, 100],
      [1, 0.9, 100],
      [2, 0.8, 200],
    ];
    expect(paretoFront(pts, [...dims])).toEqual([true, true, false]);
  });

  it('treats NaN as the worst value', () => {
    const pts = [
      [1, NaN, 100],
      [1, 0.5, 100],
    ];
    expect(paretoFront(pts, [...dims])).toEqual([false, true]);
    expect(paretoFront([[NaN, NaN, NaN]], [...dims])).toEqual([true]);
  });

  it('every dominated point is dominated by a front point (property)', () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 12 }), (pts) => {
        const front = paretoFront(pts, [...dims]);
        expect(front.some(Boolean)).toBe(true);
        pts.forEach((p, i) => {
          const better = (q: readonly number[]) => q[0] <= p[0] && q[1] >= p[1] && q[2] <= p[2] && (q[0] < p[0] || q[1] > p[1] || q[2] < p[2]);
          expect(front[i]).toBe(!pts.some((q, j) => j !== i && better(q)));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('ranks lexicographically with shared ranks for full ties', () => {
    // (uptime ↑, cost per 1k ↓, p99 ↓)
    const pts = [
      [0.99, 2, 300],
      [1.0, 5, 900],
      [0.99, 1, 800],
      [0.99, 2, 300],
      [NaN, 0.1, 10],
    ];
    expect(rankLexicographic(pts, ['higher', 'lower', 'lower'])).toEqual([3, 1, 2, 3, 5]);
  });

  it('an overflowed (infinite) value is the worst, never the best, in either direction', () => {
    // (uptime ↑, cost per 1k ↓, p99 ↓): an Infinity uptime (a tampered or overflowed figure) used to rank first.
    const pts = [
      [1.0, Infinity, 300],
      [1.0, 2, 300],
      [Infinity, 2, 300],
      [-Infinity, 2, 300],
    ];
    expect(rankLexicographic(pts, ['higher', 'lower', 'lower'])).toEqual([2, 1, 3, 3]);
    expect(paretoFront(pts, ['higher', 'lower', 'lower'])).toEqual([false, true, false, false]);
  });
});
