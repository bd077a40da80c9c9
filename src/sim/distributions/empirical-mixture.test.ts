import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRng } from '../../core/rng.js';
import { ConstantDistribution } from './constant.js';
import { DistributionError } from './distribution.js';
import { EmpiricalDistribution, HistogramDistribution, type HistogramBin } from './empirical.js';
import { ExponentialDistribution } from './exponential.js';
import { LognormalDistribution } from './lognormal.js';
import { MixtureDistribution } from './mixture.js';
import { ParetoDistribution } from './pareto.js';
import {
  centralFromRaw, drawSamples, fractionAtMost, meanHalfWidth, proportionHalfWidth, sampleMoments, varianceHalfWidth,
} from './sample-summary.js';

const Z = 4.5;
const N = 200_000;

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('empirical samples', () => {
  const samples = [5, 1, 2, 2, 100];

  it('resamples each observation with probability 1/n, with exact moments', () => {
    const d = new EmpiricalDistribution(samples);
    expect(d.mean).toBe(22);
    // Population variance of the resampling distribution: mean of squares minus square of mean.
    expectRel(d.variance, (25 + 1 + 4 + 4 + 10000) / 5 - 22 * 22, 1e-14);
    const xs = drawSamples(d, new SeededRng('emp'), N);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 2, 5, 100]);
    for (const [v, p] of [[1, 0.2], [2, 0.4], [5, 0.2], [100, 0.2]] as const) {
      expect(Math.abs(counts.get(v)! / N - p)).toBeLessThanOrEqual(proportionHalfWidth(p, N, Z));
    }
  });

  it('quantile is the generalised inverse of the empirical CDF', () => {
    const d = new EmpiricalDistribution(samples);
    expect([0, 0.2, 0.21, 0.6, 0.61, 0.8, 0.81, 1].map((p) => d.quantile(p))).toEqual([1, 1, 2, 2, 5, 5, 100, 100]);
  });

  it('rejects empty or negative samples', () => {
    expect(() => new EmpiricalDistribution([])).toThrow(DistributionError);
    expect(() => new EmpiricalDistribution([1, -1])).toThrow(DistributionError);
  });
});

/** Raw moment E[X^k] of a histogram (uniform within each bin), computed independently. */
function histogramRaw(bins: HistogramBin[], k: number): number {
  const total = bins.reduce((s, b) => s + b.weight, 0);
  let r = 0;
  for (const b of bins) {
    const m = b.hi === b.lo ? b.lo ** k : (b.hi ** (k + 1) - b.lo ** (k + 1)) / ((k + 1) * (b.hi - b.lo));
    r += (b.weight / total) * m;
  }
  return r;
}

describe('empirical histogram', () => {
  const bins: HistogramBin[] = [
    { lo: 100, hi: 200, weight: 1 },
    { lo: 0, hi: 10, weight: 1 },
    { lo: 10, hi: 50, weight: 3 },
    { lo: 60, hi: 80, weight: 0 },
    { lo: 250, hi: 250, weight: 0.5 },
  ];

  it('picks bins by weight and points uniformly within them: moments and CDF', () => {
    const d = new HistogramDistribution(bins);
    const o = centralFromRaw(...([1, 2, 3, 4].map((k) => histogramRaw(bins, k)) as [number, number, number, number]));
    expectRel(d.mean, o.mean, 1e-12);
    expectRel(d.variance, o.variance, 1e-12);
    const xs = drawSamples(d, new SeededRng('hist'), N);
    const m = sampleMoments(xs);
    expect(Math.abs(m.mean - o.mean)).toBeLessThanOrEqual(meanHalfWidth(o.variance, N, Z));
    expect(Math.abs(m.variance - o.variance)).toBeLessThanOrEqual(varianceHalfWidth(o.variance, o.fourthCentral, N, Z));
    // Analytic CDF at points inside and between bins (total weight 5.5).
    // [x, F(x), F⁻¹(F(x))]: in a gap F is flat and the generalised inverse answers the gap's left end.
    const cdf: [number, number, number][] = [
      [5, 0.5 / 5.5, 5], [10, 1 / 5.5, 10], [30, 2.5 / 5.5, 30], [55, 4 / 5.5, 50], [99, 4 / 5.5, 50], [150, 4.5 / 5.5, 150], [249.9, 5 / 5.5, 200],
    ];
    for (const [x, p, q] of cdf) {
      expect(Math.abs(fractionAtMost(xs, x) - p)).toBeLessThanOrEqual(proportionHalfWidth(p, N, Z));
      expectRel(d.quantile!(p), q, 1e-12);
    }
    expect(d.quantile!(0)).toBe(0);
    expect(d.quantile!(1)).toBe(250);
    expect(xs.filter((x) => x > 50 && x < 100).length).toBe(0); // the zero-weight bin [60, 80) and the gap
    expect(xs.filter((x) => x === 250).length / N).toBeCloseTo(0.5 / 5.5, 2);
  });

  it('overlapping bins still sample the weighted mixture but offer no quantile', () => {
    const overlapping: HistogramBin[] = [{ lo: 0, hi: 10, weight: 1 }, { lo: 5, hi: 15, weight: 1 }];
    const d = new HistogramDistribution(overlapping);
    expect(d.quantile).toBeUndefined();
    expect(d.mean).toBe(7.5);
    const m = sampleMoments(drawSamples(d, new SeededRng('ov'), N));
    expect(Math.abs(m.mean - 7.5)).toBeLessThanOrEqual(meanHalfWidth(d.variance, N, Z));
  });

  it('samples always land inside a positive-weight bin (property)', () => {
    const bin = fc.record({ lo: fc.integer({ min: 0, max: 1000 }), width: fc.integer({ min: 0, max: 100 }), weight: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(bin, { minLength: 1, maxLength: 8 }).filter((bs) => bs.some((b) => b.weight > 0)), fc.integer(), (raw, seed) => {
        const bs = raw.map((b) => ({ lo: b.lo, hi: b.lo + b.width, weight: b.weight }));
        const d = new HistogramDistribution(bs);
        const rng = new SeededRng(String(seed));
        for (let i = 0; i < 50; i++) {
          const x = d.sample(rng);
          expect(bs.some((b) => b.weight > 0 && x >= b.lo && x <= b.hi)).toBe(true);
        }
      }),
    );
  });

  it('rejects all-zero weights and inverted bins', () => {
    expect(() => new HistogramDistribution([{ lo: 0, hi: 1, weight: 0 }])).toThrow(DistributionError);
    expect(() => new HistogramDistribution([{ lo: 2, hi: 1, weight: 1 }])).toThrow(DistributionError);
  });
});

describe('mixture', () => {
  it('0.7 × lognormal(median 100, p99 400) + 0.3 × exponential(500): law of total variance and simulation', () => {
    const ln = LognormalDistribution.fromMedianP99(100, 400);
    const mu = Math.log(100);
    const s = Math.log(4) / 2.3263478740408408;
    const lnRaw = (k: number) => Math.exp(k * mu + (k * k * s * s) / 2);
    const expRaw = (k: number) => [1, 1, 2, 6, 24][k] * 500 ** k;
    // Weights 7 and 3 (unnormalised) must act as 0.7 / 0.3.
    const d = new MixtureDistribution([{ weight: 7, dist: ln }, { weight: 3, dist: new ExponentialDistribution(500) }, { weight: 0, dist: new ConstantDistribution(1e6) }]);
    const raw = (k: number) => 0.7 * lnRaw(k) + 0.3 * expRaw(k);
    const o = centralFromRaw(raw(1), raw(2), raw(3), raw(4));
    expectRel(d.mean, o.mean, 1e-12);
    expectRel(d.variance, o.variance, 1e-10);
    const xs = drawSamples(d, new SeededRng('mix'), N);
    const m = sampleMoments(xs);
    expect(Math.abs(m.mean - o.mean)).toBeLessThanOrEqual(meanHalfWidth(o.variance, N, Z));
    expect(Math.abs(m.variance - o.variance)).toBeLessThanOrEqual(varianceHalfWidth(o.variance, o.fourthCentral, N, Z));
    expect(xs.includes(1e6)).toBe(false);
    // P(X <= 100) = 0.7 × 0.5 + 0.3 × (1 − e^{−0.2})
    const p = 0.35 + 0.3 * -Math.expm1(-0.2);
    expect(Math.abs(fractionAtMost(xs, 100) - p)).toBeLessThanOrEqual(proportionHalfWidth(p, N, Z));
  });

  it('two point masses: moments exact, frequencies binomial', () => {
    const d = new MixtureDistribution([{ weight: 1, dist: new ConstantDistribution(10) }, { weight: 3, dist: new ConstantDistribution(20) }]);
    expect(d.mean).toBe(17.5);
    expect(d.variance).toBe(0.25 * 0.75 * 100);
    const xs = drawSamples(d, new SeededRng('two'), N);
    expect(Math.abs(fractionAtMost(xs, 10) - 0.25)).toBeLessThanOrEqual(proportionHalfWidth(0.25, N, Z));
  });

  it('infinite component moments propagate as Infinity, not NaN', () => {
    const d = new MixtureDistribution([{ weight: 1, dist: new ConstantDistribution(1) }, { weight: 1, dist: new ParetoDistribution(0.9, 1) }]);
    expect([d.mean, d.variance]).toEqual([Infinity, Infinity]);
    const v = new MixtureDistribution([{ weight: 1, dist: new ConstantDistribution(1) }, { weight: 1, dist: new ParetoDistribution(1.5, 1) }]);
    expect(v.mean).toBe(0.5 + 0.5 * 3);
    expect(v.variance).toBe(Infinity);
  });

  it('rejects all-zero and negative weights', () => {
    expect(() => new MixtureDistribution([{ weight: 0, dist: new ConstantDistribution(1) }])).toThrow(DistributionError);
    expect(() => new MixtureDistribution([{ weight: -1, dist: new ConstantDistribution(1) }])).toThrow(DistributionError);
  });
});
