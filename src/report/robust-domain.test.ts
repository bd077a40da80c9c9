import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robustDomain } from './charts/robust-domain.js';

describe('robustDomain', () => {
  it('covers narrow intervals fully', () => {
    const [lo, hi] = robustDomain([{ mean: 2, lo: 1.9, hi: 2.1 }, { mean: 3, lo: 2.9, hi: 3.1 }]);
    expect(lo).toBeLessThanOrEqual(1.9);
    expect(hi).toBeGreaterThanOrEqual(3.1);
  });

  it('does not let one very wide interval squash the others', () => {
    const [lo, hi] = robustDomain([{ mean: 2, lo: 1.9, hi: 2.1 }, { mean: 3, lo: 2.9, hi: 3.1 }, { mean: 2.7, lo: 0.1, hi: 5.3 }]);
    // Means span 1; the axis reaches at most 0.75 of that beyond them.
    expect(lo).toBeCloseTo(1.25, 12);
    expect(hi).toBeCloseTo(3.75, 12);
  });

  it('always shows every mean with room, and stays inside [0, 1] for fractions', () => {
    const point = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }))
      .map(([mean, down, up]) => ({ mean, lo: mean - down, hi: mean + up }));
    fc.assert(fc.property(fc.array(point, { minLength: 1, maxLength: 8 }), (points) => {
      const [lo, hi] = robustDomain(points, true);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(hi).toBeGreaterThan(lo);
      for (const p of points) {
        expect(p.mean).toBeGreaterThanOrEqual(lo);
        expect(p.mean).toBeLessThanOrEqual(hi);
      }
    }));
  });
});
