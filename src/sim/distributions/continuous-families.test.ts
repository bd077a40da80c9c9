import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';
import { ConstantDistribution } from './constant.js';
import type { Distribution } from './distribution.js';
import { ExponentialDistribution } from './exponential.js';
import { GammaDistribution } from './gamma.js';
import { LognormalDistribution } from './lognormal.js';
import { TruncatedNormalDistribution } from './normal.js';
import { ParetoDistribution } from './pareto.js';
import {
  centralFromRaw, drawSamples, fractionAtMost, meanHalfWidth, proportionHalfWidth, sampleMoments, varianceHalfWidth,
} from './sample-summary.js';
import { gammaFunction, normalCdf } from './special-functions.js';
import { UniformDistribution } from './uniform.js';
import { WeibullDistribution } from './weibull.js';

/**
 * Every statistical check is a z = 4.5 interval around an analytic value (two-sided
 * P ≈ 7e-6 per check for a correct sampler), with fixed seeds so runs are reproducible.
 */
const Z = 4.5;
const N = 200_000;

interface Oracle {
  mean: number;
  variance: number;
  /** Fourth central moment; omit to skip the variance check (infinite or unusable 4th moment). */
  fourthCentral?: number;
  /** Analytic CDF and points to check it at (binomial intervals on the sample fraction). */
  cdf?: (x: number) => number;
  cdfAt?: number[];
  /** Skip the sample-mean check (infinite variance makes the CLT interval meaningless). */
  skipMean?: boolean;
}

function fromRaw(raw: (k: number) => number): Pick<Oracle, 'mean' | 'variance' | 'fourthCentral'> {
  return centralFromRaw(raw(1), raw(2), raw(3), raw(4));
}

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

function checkAgainstOracle(d: Distribution, o: Oracle, seed: string): void {
  expectRel(d.mean, o.mean, 1e-9);
  if (Number.isFinite(o.variance)) expectRel(d.variance, o.variance, 1e-8);
  else expect(d.variance).toBe(Infinity);
  const xs = drawSamples(d, new SeededRng(seed), N);
  expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  const m = sampleMoments(xs);
  if (!o.skipMean) expect(Math.abs(m.mean - o.mean)).toBeLessThanOrEqual(meanHalfWidth(o.variance, N, Z));
  if (o.fourthCentral !== undefined) {
    expect(Math.abs(m.variance - o.variance)).toBeLessThanOrEqual(varianceHalfWidth(o.variance, o.fourthCentral, N, Z));
  }
  for (const x of o.cdfAt ?? []) {
    const p = o.cdf!(x);
    expect(Math.abs(fractionAtMost(xs, x) - p)).toBeLessThanOrEqual(proportionHalfWidth(p, N, Z));
    // Away from p ≈ 1, where 1 − p carries too few digits to pin x down.
    if (d.quantile && p > 0 && p < 1 - 1e-6) expectRel(d.quantile(p), x, 1e-9);
  }
}

/** Counts uniforms drawn, to check the documented consumption per sample. */
class CountingRng implements Rng {
  calls = 0;
  constructor(private readonly inner: Rng) {}
  get seed(): string {
    return this.inner.seed;
  }
  next(): number {
    this.calls++;
    return this.inner.next();
  }
  int(n: number): number {
    this.calls++;
    return this.inner.int(n);
  }
  fork(label: string): Rng {
    return this.inner.fork(label);
  }
}

describe('constant and uniform', () => {
  it('constant is a point mass', () => {
    const d = new ConstantDistribution(7);
    const rng = new CountingRng(new SeededRng('c'));
    for (let i = 0; i < 100; i++) expect(d.sample(rng)).toBe(7);
    expect(rng.calls).toBe(0);
    expect([d.mean, d.variance, d.quantile(0.3)]).toEqual([7, 0, 7]);
  });

  it('uniform(2, 10)', () => {
    const [a, b] = [2, 10];
    checkAgainstOracle(new UniformDistribution(a, b), {
      ...fromRaw((k) => (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))),
      cdf: (x) => (x - a) / (b - a),
      cdfAt: [3, 6, 9.5],
    }, 'uniform');
  });
});

describe('exponential', () => {
  it('mean 50', () => {
    const m = 50;
    checkAgainstOracle(new ExponentialDistribution(m), {
      mean: m, variance: m * m, fourthCentral: 9 * m ** 4,
      cdf: (x) => 1 - Math.exp(-x / m),
      cdfAt: [1, 20, 50 * Math.LN2, 150, 400],
    }, 'exp');
  });
});

/**
 * Independent oracle for the truncated normal: raw moments by Simpson integration of the
 * unnormalised density exp(−x(x − 2μ)/(2σ²)) on [0, U] (no Mills ratios, no Φ).
 */
function truncatedNormalByQuadrature(mu: number, sigma: number): Oracle {
  const a = -mu / sigma;
  const upper = Math.max(mu, 0) + (40 * sigma) / Math.max(1, a);
  const steps = 100_000;
  const h = upper / steps;
  const raw = [0, 0, 0, 0, 0];
  for (let i = 0; i <= steps; i++) {
    const x = i * h;
    const w = (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp((-x * (x - 2 * mu)) / (2 * sigma * sigma));
    for (let k = 0; k <= 4; k++) raw[k] += w * x ** k;
  }
  const c = centralFromRaw(raw[1] / raw[0], raw[2] / raw[0], raw[3] / raw[0], raw[4] / raw[0]);
  // Φ-free CDF at the median of the untruncated part is not needed: the moments suffice.
  return { ...c };
}

describe('normal truncated at 0', () => {
  it.each([
    [100, 10, 'no effective truncation'],
    [5, 10, 'a = −0.5'],
    [-30, 10, 'a = 3'],
    [-150, 10, 'a = 15 (tail via Φ⁻¹)'],
    [-250, 10, 'a = 25 (series moments)'],
    [-350, 10, 'a = 35 (log-space tail sampler)'],
    [-3000, 10, 'a = 300'],
  ])('normal(%d, %d), %s: analytic truncated moments match quadrature and simulation', (mu, sigma) => {
    const o = truncatedNormalByQuadrature(mu, sigma);
    const d = new TruncatedNormalDistribution(mu, sigma);
    expectRel(d.mean, o.mean, 1e-9);
    expectRel(d.variance, o.variance, 1e-7);
    checkAgainstOracle(d, o, `normal${mu}`);
  });

  it('normal(0, σ) is the half-normal: mean σ√(2/π), variance σ²(1 − 2/π), CDF 2Φ(x/σ) − 1', () => {
    const s = 10;
    const variance = s * s * (1 - 2 / Math.PI);
    checkAgainstOracle(new TruncatedNormalDistribution(0, s), {
      mean: s * Math.sqrt(2 / Math.PI), variance,
      fourthCentral: truncatedNormalByQuadrature(0, s).fourthCentral,
      cdf: (x) => 2 * normalCdf(x / s) - 1,
      cdfAt: [1, 6.744897501960817, 20],
    }, 'half-normal');
  });

  it('moments are continuous where the series takes over from the closed forms', () => {
    const below = new TruncatedNormalDistribution(-200 + 1e-12, 10);
    const above = new TruncatedNormalDistribution(-200 - 1e-12, 10);
    // Closed forms just below the switch (a = 20) carry ~a⁴·ε ≈ 2e-11 relative error in the variance.
    expectRel(above.mean, below.mean, 1e-12);
    expectRel(above.variance, below.variance, 1e-10);
  });

  it('sd = 0 is the point mass at max(mean, 0)', () => {
    expect(new TruncatedNormalDistribution(5, 0).sample(new SeededRng('x'))).toBe(5);
    expect(new TruncatedNormalDistribution(-5, 0).sample(new SeededRng('x'))).toBe(0);
    expect(new TruncatedNormalDistribution(-5, 0).mean).toBe(0);
  });
});

describe('lognormal', () => {
  it('mu = 3, sigma = 0.5', () => {
    const [mu, s] = [3, 0.5];
    checkAgainstOracle(new LognormalDistribution(mu, s), {
      ...fromRaw((k) => Math.exp(k * mu + (k * k * s * s) / 2)),
      cdf: (x) => normalCdf((Math.log(x) - mu) / s),
      cdfAt: [10, Math.exp(mu), 40, 60],
    }, 'lognormal');
  });

  it('from median 200 and p99 900: samples hit the median and the p99 within binomial intervals', () => {
    const d = LognormalDistribution.fromMedianP99(200, 900);
    expectRel(d.quantile(0.5), 200, 1e-13);
    expectRel(d.quantile(0.99), 900, 1e-13);
    const mu = Math.log(200);
    const s = Math.log(4.5) / 2.3263478740408408;
    checkAgainstOracle(d, {
      ...fromRaw((k) => Math.exp(k * mu + (k * k * s * s) / 2)),
      cdf: (x) => (x === 200 ? 0.5 : x === 900 ? 0.99 : NaN),
      cdfAt: [200, 900],
    }, 'lognormal-median-p99');
    expect(d.describe()).toBe('lognormal(median=200, p99=900)');
  });
});

describe('gamma (Marsaglia–Tsang)', () => {
  const rawGamma = (shape: number, scale: number) => (k: number) => {
    let r = 1;
    for (let i = 0; i < k; i++) r *= (shape + i) * scale;
    return r;
  };

  it.each([
    [2.5, 4],
    [0.3, 10],
    [17, 0.5],
  ])('shape %d, scale %d: moments (μ₄ = (3 + 6/k)σ⁴)', (shape, scale) => {
    const o = fromRaw(rawGamma(shape, scale));
    expectRel(o.fourthCentral!, (3 + 6 / shape) * (shape * scale * scale) ** 2, 1e-9);
    checkAgainstOracle(new GammaDistribution(shape, scale), o, `gamma${shape}`);
  });

  it('shape 1 is the exponential, shape 2 has CDF 1 − e^{−x/θ}(1 + x/θ)', () => {
    checkAgainstOracle(new GammaDistribution(1, 3), {
      ...fromRaw(rawGamma(1, 3)), cdf: (x) => 1 - Math.exp(-x / 3), cdfAt: [0.5, 2, 6],
    }, 'gamma1');
    checkAgainstOracle(new GammaDistribution(2, 3), {
      ...fromRaw(rawGamma(2, 3)), cdf: (x) => 1 - Math.exp(-x / 3) * (1 + x / 3), cdfAt: [1, 5, 12],
    }, 'gamma2');
  });

  it('shape 1/2, scale 2 is χ²₁: CDF 2Φ(√x) − 1 (exercises the shape < 1 boost)', () => {
    checkAgainstOracle(new GammaDistribution(0.5, 2), {
      ...fromRaw(rawGamma(0.5, 2)), cdf: (x) => 2 * normalCdf(Math.sqrt(x)) - 1, cdfAt: [0.01, 0.4549364231195724, 3],
    }, 'chi2');
  });

  it('tiny shapes stay finite and non-negative (log-space boost)', () => {
    const d = new GammaDistribution(0.02, 5);
    const xs = drawSamples(d, new SeededRng('tiny'), N);
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(Math.abs(sampleMoments(xs).mean - d.mean)).toBeLessThanOrEqual(meanHalfWidth(d.variance, N, Z));
  });
});

describe('weibull', () => {
  it.each([
    [1.5, 100],
    [0.7, 10],
    [5, 2],
  ])('shape %d, scale %d', (shape, scale) => {
    const median = scale * Math.LN2 ** (1 / shape);
    checkAgainstOracle(new WeibullDistribution(shape, scale), {
      ...fromRaw((k) => scale ** k * gammaFunction(1 + k / shape)),
      cdf: (x) => 1 - Math.exp(-((x / scale) ** shape)),
      cdfAt: [scale / 10, median, scale, 1.5 * scale],
    }, `weibull${shape}`);
  });

  it('shape 1 is the exponential with mean = scale', () => {
    const d = new WeibullDistribution(1, 7);
    expectRel(d.mean, 7, 1e-14);
    expectRel(d.variance, 49, 1e-13);
  });
});

describe('pareto', () => {
  const cdf = (shape: number, scale: number) => (x: number) => 1 - (scale / x) ** shape;

  it('shape 6 (finite fourth moment): mean and variance', () => {
    const [a, xm] = [6, 10];
    checkAgainstOracle(new ParetoDistribution(a, xm), {
      ...fromRaw((k) => (a * xm ** k) / (a - k)),
      cdf: cdf(a, xm), cdfAt: [10.5, 12, 20],
    }, 'pareto6');
  });

  it('shape 2.5: mean only (fourth moment infinite, so no variance interval)', () => {
    const [a, xm] = [2.5, 1];
    checkAgainstOracle(new ParetoDistribution(a, xm), {
      mean: (a * xm) / (a - 1), variance: (xm * xm * a) / ((a - 1) ** 2 * (a - 2)),
      cdf: cdf(a, xm), cdfAt: [1.1, 2, 10],
    }, 'pareto2.5');
  });

  it('shape 1.5: variance is Infinity (only the CDF is checked); shape 0.8: mean is Infinity', () => {
    const d = new ParetoDistribution(1.5, 2);
    checkAgainstOracle(d, { mean: 6, variance: Infinity, skipMean: true, cdf: cdf(1.5, 2), cdfAt: [2.5, 5, 50] }, 'pareto1.5');
    const heavy = new ParetoDistribution(0.8, 2);
    expect([heavy.mean, heavy.variance]).toEqual([Infinity, Infinity]);
    expect(new ParetoDistribution(1, 2).mean).toBe(Infinity);
    expect(new ParetoDistribution(2, 2).variance).toBe(Infinity);
  });
});

describe('uniform consumption and determinism', () => {
  const oneUniform: [string, Distribution][] = [
    ['uniform', new UniformDistribution(1, 2)],
    ['exponential', new ExponentialDistribution(3)],
    ['normal', new TruncatedNormalDistribution(5, 10)],
    ['normal far tail', new TruncatedNormalDistribution(-400, 10)],
    ['lognormal', new LognormalDistribution(1, 0.5)],
    ['lognormal sigma 0', new LognormalDistribution(1, 0)],
    ['weibull', new WeibullDistribution(2, 3)],
    ['pareto', new ParetoDistribution(3, 1)],
  ];

  it.each(oneUniform)('%s draws exactly one uniform per sample and is monotone in it', (_name, d) => {
    const rng = new CountingRng(new SeededRng('count'));
    for (let i = 0; i < 1000; i++) d.sample(rng);
    expect(rng.calls).toBe(1000);
    let prev = -Infinity;
    for (let i = 0; i <= 1000; i++) {
      const u = Math.min(i / 1000, 1 - 2 ** -53);
      const x = d.sample({ next: () => u, int: () => 0, fork: () => { throw new Error('unused'); }, seed: 'fixed' });
      expect(x).toBeGreaterThanOrEqual(prev);
      expect(Number.isFinite(x)).toBe(true);
      prev = x;
    }
  });

  it.each([...oneUniform, ['gamma', new GammaDistribution(0.7, 2)] as [string, Distribution]])(
    '%s: the same seed gives the same sequence',
    (_name, d) => {
      const a = drawSamples(d, new SeededRng('same'), 500);
      const b = drawSamples(d, new SeededRng('same'), 500);
      expect(Array.from(a)).toEqual(Array.from(b));
      if (d.variance > 0) expect(Array.from(drawSamples(d, new SeededRng('other'), 500))).not.toEqual(Array.from(a));
    },
  );
});
