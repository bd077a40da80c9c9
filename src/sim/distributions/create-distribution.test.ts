import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.js';
import { ConstantDistribution } from './constant.js';
import { createDistribution, scaleDistribution } from './create-distribution.js';
import { DistributionError } from './distribution.js';
import { EmpiricalDistribution, HistogramDistribution } from './empirical.js';
import { ExponentialDistribution } from './exponential.js';
import { GammaDistribution } from './gamma.js';
import { LognormalDistribution } from './lognormal.js';
import { MixtureDistribution } from './mixture.js';
import { TruncatedNormalDistribution } from './normal.js';
import { ParetoDistribution } from './pareto.js';
import { drawSamples, meanHalfWidth, sampleMoments } from './sample-summary.js';
import { ScaledDistribution } from './scaled.js';
import { distributionSchema, type DistributionSpec } from './spec.js';
import { UniformDistribution } from './uniform.js';
import { WeibullDistribution } from './weibull.js';

/** One spec per kind and variant, as a scenario file would write them. */
const specs: [unknown, Function, string][] = [
  [250, ConstantDistribution, 'constant(250)'],
  [{ kind: 'constant', value: 3 }, ConstantDistribution, 'constant(3)'],
  [{ kind: 'uniform', min: 1, max: 4 }, UniformDistribution, 'uniform(1, 4)'],
  [{ kind: 'exponential', mean: 20 }, ExponentialDistribution, 'exponential(mean=20)'],
  [{ kind: 'normal', mean: 100, sd: 15 }, TruncatedNormalDistribution, 'normal(mean=100, sd=15, truncated at 0)'],
  [{ kind: 'lognormal', mu: 5, sigma: 0.4 }, LognormalDistribution, 'lognormal(mu=5, sigma=0.4)'],
  [{ kind: 'lognormal', median: 300, p99: 1200 }, LognormalDistribution, 'lognormal(median=300, p99=1200)'],
  [{ kind: 'gamma', shape: 2, scale: 5 }, GammaDistribution, 'gamma(shape=2, scale=5)'],
  [{ kind: 'weibull', shape: 1.5, scale: 80 }, WeibullDistribution, 'weibull(shape=1.5, scale=80)'],
  [{ kind: 'pareto', shape: 3, scale: 10 }, ParetoDistribution, 'pareto(shape=3, scale=10)'],
  [{ kind: 'empirical', samples: [1, 2, 3] }, EmpiricalDistribution, 'empirical(3 samples, mean=2)'],
  [{ kind: 'empirical', histogram: [{ lo: 0, hi: 10, weight: 1 }, { lo: 10, hi: 30, weight: 1 }] }, HistogramDistribution, 'histogram(2 bins, mean=12.5)'],
  [
    { kind: 'mixture', components: [{ weight: 9, dist: 100 }, { weight: 1, dist: { kind: 'exponential', mean: 1000 } }] },
    MixtureDistribution,
    'mixture(0.9×constant(100), 0.1×exponential(mean=1000))',
  ],
];

describe('createDistribution', () => {
  it.each(specs)('%j builds the right family', (raw, cls, description) => {
    const spec = distributionSchema.parse(raw);
    const d = createDistribution(spec);
    expect(d).toBeInstanceOf(cls);
    expect(d.describe()).toBe(description);
  });

  it.each(specs)('%j: same seed, same samples', (raw) => {
    const d = createDistribution(distributionSchema.parse(raw));
    expect(Array.from(drawSamples(d, new SeededRng('det'), 300))).toEqual(Array.from(drawSamples(createDistribution(distributionSchema.parse(raw)), new SeededRng('det'), 300)));
  });

  it('passes parameters through: lognormal from median/p99 reproduces both', () => {
    const d = createDistribution({ kind: 'lognormal', median: 300, p99: 1200 });
    expect(d.quantile!(0.5)).toBeCloseTo(300, 9);
    expect(d.quantile!(0.99)).toBeCloseTo(1200, 9);
    // σ(λ(1) − 1) with λ(1) = φ(1)/(1 − Φ(1)) from tabulated values.
    expect(createDistribution({ kind: 'normal', mean: -10, sd: 10 }).mean).toBeCloseTo(10 * (0.24197072451914337 / 0.15865525393145705 - 1), 12);
  });

  it('rejects unknown kinds and bad parameters with DistributionError', () => {
    expect(() => createDistribution({ kind: 'cauchy' } as unknown as DistributionSpec)).toThrow(DistributionError);
    expect(() => createDistribution({ kind: 'exponential', mean: -1 })).toThrow(DistributionError);
    expect(() => createDistribution(-5)).toThrow(DistributionError);
  });
});

describe('scaleDistribution', () => {
  const inner = new LognormalDistribution(3, 0.5);

  it('multiplies samples, mean by f, variance by f², quantiles by f', () => {
    const d = scaleDistribution(inner, 2.5);
    expect(d.mean).toBeCloseTo(inner.mean * 2.5, 10);
    expect(d.variance).toBeCloseTo(inner.variance * 6.25, 8);
    expect(d.quantile!(0.9)).toBe(inner.quantile(0.9) * 2.5);
    const a = drawSamples(d, new SeededRng('s'), 1000);
    const b = drawSamples(inner, new SeededRng('s'), 1000);
    expect(Array.from(a)).toEqual(Array.from(b, (x) => x * 2.5));
    const m = sampleMoments(drawSamples(d, new SeededRng('moments'), 100_000));
    expect(Math.abs(m.mean - d.mean)).toBeLessThanOrEqual(meanHalfWidth(d.variance, 100_000, 4.5));
    expect(d.describe()).toBe('2.5 × lognormal(mu=3, sigma=0.5)');
  });

  it('collapses nested scalings, returns the same object for factor 1, and handles 0', () => {
    const twice = scaleDistribution(scaleDistribution(inner, 2), 3);
    expect(twice).toBeInstanceOf(ScaledDistribution);
    expect((twice as ScaledDistribution).factor).toBe(6);
    expect((twice as ScaledDistribution).inner).toBe(inner);
    expect(scaleDistribution(inner, 1)).toBe(inner);
    const zero = scaleDistribution(new ParetoDistribution(0.5, 1), 0);
    expect([zero.mean, zero.variance, zero.sample(new SeededRng('z'))]).toEqual([0, 0, 0]);
    expect(scaleDistribution(new GammaDistribution(2, 1), 2).quantile).toBeUndefined();
  });

  it('rejects negative or non-finite factors', () => {
    expect(() => scaleDistribution(inner, -1)).toThrow(DistributionError);
    expect(() => scaleDistribution(inner, NaN)).toThrow(DistributionError);
    expect(() => scaleDistribution(inner, Infinity)).toThrow(DistributionError);
  });
});
