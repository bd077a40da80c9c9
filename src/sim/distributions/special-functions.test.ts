import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gammaFunction, inverseMillsRatio, logGamma, normalCdf, normalPdf, normalQuantile, normalQuantileForSampling } from './special-functions.js';

function expectRelClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** Independent oracle: composite Simpson integration of φ over [x − 40, x] (lower tail). */
function lowerTailBySimpson(x: number): number {
  const lo = x - 40;
  const steps = 200_000;
  const h = (x - lo) / steps;
  let s = normalPdf(lo) + normalPdf(x);
  for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * normalPdf(lo + i * h);
  return (s * h) / 3;
}

describe('normalCdf', () => {
  // Reference values of Φ(x) (Abramowitz & Stegun / R pnorm to 16 digits).
  const table: [number, number][] = [
    [0, 0.5],
    [-1, 0.15865525393145705],
    [-2, 0.022750131948179195],
    [-3, 0.0013498980316300933],
    [-5, 2.866515718791939e-7],
    [-8, 6.220960574271785e-16],
    [-10, 7.619853024160527e-24],
    [-20, 2.7536241186062337e-89],
  ];
  it.each(table)('Φ(%d) matches the reference value to 1e-13 relative', (x, p) => {
    expectRelClose(normalCdf(x), p, 1e-13);
    expectRelClose(normalCdf(-x), 1 - p, 1e-15);
  });

  it('agrees with numerical integration of the density across both approximation regions', () => {
    for (const x of [-0.3, -1.7, -4.2, -7, -7.2, -12.5]) expectRelClose(normalCdf(x), lowerTailBySimpson(x), 1e-11);
  });

  it('is monotone and symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (x, d) => {
        expect(normalCdf(x + d)).toBeGreaterThanOrEqual(normalCdf(x));
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15);
      }),
    );
  });
});

describe('normalQuantile', () => {
  const table: [number, number][] = [
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [0.9, 1.2815515655446004],
    [1e-10, -6.361340902404056],
  ];
  it.each(table)('Φ⁻¹(%d) matches the reference value', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(x)));
  });

  it('inverts normalCdf to the accuracy the tail condition number allows', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        // The condition number of Φ at x is ~x², so the attainable relative accuracy is ~x²·ε.
        const x = normalQuantile(p);
        expectRelClose(normalCdf(x), p, 4e-16 * Math.max(4, x * x));
        const q = 1 - p; // upper half, absolute accuracy is all 1 − p can carry
        expect(Math.abs(normalCdf(normalQuantile(q)) - q)).toBeLessThan(2e-16);
      }),
    );
  });

  it('handles the edges', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
  });
});

describe('normalQuantileForSampling', () => {
  it("stays within Acklam's 1.15e-9 relative error of the exact quantile over (0, 1)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, maxExcluded: true, noNaN: true }), (u) => {
        const exact = normalQuantile(u);
        expect(Math.abs(normalQuantileForSampling(u) - exact)).toBeLessThanOrEqual(1.15e-9 * Math.max(1e-3, Math.abs(exact)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone, including across the branch points 0.02425, 0.5 and 0.97575', () => {
    const decreases: number[] = [];
    for (const centre of [0.02425, 0.5, 0.97575]) {
      let prev = -Infinity;
      for (let k = -2000; k <= 2000; k++) {
        const x = normalQuantileForSampling(centre + k * 1e-12);
        if (x < prev) decreases.push(centre + k * 1e-12);
        prev = x;
      }
    }
    let prev = -Infinity;
    for (let i = 1; i < 100_000; i++) {
      const x = normalQuantileForSampling(i / 100_000);
      if (!(x > prev)) decreases.push(i / 100_000);
      prev = x;
    }
    expect(decreases).toEqual([]);
  });
});

describe('inverseMillsRatio', () => {
  it('equals φ(a)/Φ(−a) where that is computable, and tends to a + 1/a in the far tail', () => {
    for (const a of [-5, -1, 0, 0.5, 0.7, 1, 3, 5.6, 5.7, 10, 30]) expectRelClose(inverseMillsRatio(a), normalPdf(a) / normalCdf(-a), 1e-13);
    expect(inverseMillsRatio(0)).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
    const a = 1e4;
    expectRelClose(inverseMillsRatio(a), a + 1 / a, 1e-12);
  });
});

describe('logGamma', () => {
  it('matches known values', () => {
    expectRelClose(gammaFunction(0.5), Math.sqrt(Math.PI), 1e-14);
    expectRelClose(gammaFunction(1.5), Math.sqrt(Math.PI) / 2, 1e-14);
    expectRelClose(gammaFunction(5), 24, 1e-14);
    expectRelClose(gammaFunction(10), 362880, 1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expectRelClose(logGamma(100), 359.1342053695754, 1e-14);
    expectRelClose(gammaFunction(0.01), 99.43258511915060, 1e-13);
  });

  it('satisfies Γ(x + 1) = x Γ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 150, noNaN: true }), (x) => {
        expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(1e-12 * Math.max(1, Math.abs(logGamma(x + 1))));
      }),
    );
  });
});
