import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jainIndex } from './jain-index.js';

describe("Jain's fairness index", () => {
  it('exact values: equal shares 1, one party served 1/n, (1, 0.5) = 2.25 / 2.5 = 0.9', () => {
    expect(jainIndex([0.5, 0.5, 0.5])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([1, 0.5])).toBeCloseTo(0.9, 15);
    expect(jainIndex([])).toBeNaN();
    expect(jainIndex([0, 0])).toBeNaN();
  });

  it('lies in [1/n, 1] and does not change when every share is scaled', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, k) => {
        fc.pre(xs.some((x) => x > 1e-100));
        const j = jainIndex(xs);
        expect(j).toBeGreaterThanOrEqual(1 / xs.length - 1e-12);
        expect(j).toBeLessThanOrEqual(1 + 1e-12);
        expect(jainIndex(xs.map((x) => x * k))).toBeCloseTo(j, 9);
      }),
    );
  });
});
