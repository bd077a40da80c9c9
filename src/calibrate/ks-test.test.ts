import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { fitLognormal } from './fit-lognormal.js';
import { kolmogorovSurvival, ksStatistic, ksTest } from './ks-test.js';

/** sup |F_n − F| the slow, obvious way: at every sample point, the ECDF's value and its left limit. */
function bruteForceD(xs: readonly number[], cdf: (x: number) => number): number {
  const n = xs.length;
  let d = 0;
  for (const x of xs) {
    const atOrBelow = xs.filter((y) => y <= x).length / n;
    const below = xs.filter((y) => y < x).length / n;
    d = Math.max(d, Math.abs(atOrBelow - cdf(x)), Math.abs(below - cdf(x)));
  }
  return d;
}

const LLMPERF = '../shared/data/llmperf-leaderboard/individual';
const CODER543 = '../shared/data/llm-speed-benchmark-coder543/output.csv';

describe('KS statistic', () => {
  it('equals the brute-force supremum on real TTFTs (llmperf, fitted lognormal)', () => {
    const rows = JSON.parse(readFileSync(`${LLMPERF}/together_70b.json`, 'utf8')) as { ttft_s: number; error_code: unknown }[];
    const xs = rows.filter((r) => r.error_code === null).map((r) => r.ttft_s * 1000);
    const fit = fitLognormal(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    expect(ksStatistic(sorted, fit.cdf)).toBeCloseTo(bruteForceD(xs, fit.cdf), 15);
  });

  it('equals the brute force on a sample full of ties (coder543 TTFTs are rounded to 10 ms)', () => {
    const lines = readFileSync(CODER543, 'utf8').trim().split('\n').slice(1);
    const xs = lines.map((l) => Number(l.split(',')[1]) * 1000);
    expect(new Set(xs).size).toBeLessThan(xs.length / 2);
    const fit = fitLognormal(xs);
    expect(ksStatistic([...xs].sort((a, b) => a - b), fit.cdf)).toBeCloseTo(bruteForceD(xs, fit.cdf), 15);
  });

  it('D of a sample against its own ECDF-like step is bounded by 1/n; against a wrong CDF it is large', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
    expect(ksStatistic(xs, (x) => x)).toBeCloseTo(0.005, 15);
    expect(ksStatistic(xs, (x) => x * x)).toBeGreaterThan(0.2);
  });
});

describe('Kolmogorov p-values', () => {
  it('match the classical critical values', () => {
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.10, 3);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 3);
    expect(1 - kolmogorovSurvival(0.2)).toBeCloseTo((Math.sqrt(2 * Math.PI) / 0.2) * Math.exp(-(Math.PI ** 2) / (8 * 0.04)), 15);
    expect(kolmogorovSurvival(5)).toBeLessThan(1e-20);
  });

  it('the two series agree where the code switches between them', () => {
    expect(Math.abs(kolmogorovSurvival(1.18 - 1e-9) - kolmogorovSurvival(1.18 + 1e-9))).toBeLessThan(1e-8);
  });

  it('has the nominal size under the null (known parameters): ~5% of p-values below 0.05', () => {
    const rng = createRng('ks-null');
    const reps = 400;
    let rejected = 0;
    for (let r = 0; r < reps; r++) {
      const xs = Array.from({ length: 60 }, () => rng.next());
      if (ksTest(xs, (x) => Math.min(1, Math.max(0, x))).pValue < 0.05) rejected++;
    }
    // Binomial(400, 0.05): sd 0.011; 4.5 sd either side.
    expect(rejected / reps).toBeGreaterThan(0.05 - 0.049);
    expect(rejected / reps).toBeLessThan(0.05 + 0.049);
  });
});
