import type { Rng } from '../../core/ports.js';
import { DistributionError, formatParam, openUniform, requireFinite, requireNonNegative, requirePositive, requireProbability, type Distribution } from './distribution.js';
import { normalQuantile, normalQuantileForSampling } from './special-functions.js';

/** Φ⁻¹(0.99): the number of log-space standard deviations between the median and the p99. */
export const Z_P99 = 2.3263478740408408;

/**
 * exp(Normal(mu, sigma)). One uniform per sample (inverse CDF through Φ⁻¹, to ~1e-9 relative:
 * see `normalQuantileForSampling`), monotone, no cached state.
 */
export class LognormalDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly label: string;

  constructor(readonly mu: number, readonly sigma: number, label?: string) {
    requireFinite('lognormal', 'mu', mu);
    requireNonNegative('lognormal', 'sigma', sigma);
    const s2 = sigma * sigma;
    this.mean = Math.exp(mu + s2 / 2);
    // (e^{σ²} − 1)·e^{2μ+σ²}; expm1 keeps small sigmas exact.
    this.variance = Math.expm1(s2) * Math.exp(2 * mu + s2);
    this.label = label ?? `lognormal(mu=${formatParam(mu)}, sigma=${formatParam(sigma)})`;
  }

  /** The lognormal with the given median and 99th percentile: mu = ln median, sigma = ln(p99/median)/Φ⁻¹(0.99). */
  static fromMedianP99(median: number, p99: number): LognormalDistribution {
    requirePositive('lognormal', 'median', median);
    requirePositive('lognormal', 'p99', p99);
    if (p99 < median) throw new DistributionError(`lognormal: p99 (${p99}) must be >= median (${median})`);
    const mu = Math.log(median);
    const sigma = (Math.log(p99) - mu) / Z_P99;
    return new LognormalDistribution(mu, sigma, `lognormal(median=${formatParam(median)}, p99=${formatParam(p99)})`);
  }

  sample(rng: Rng): number {
    const u = openUniform(rng); // drawn even when sigma = 0 so the count never depends on parameters
    if (this.sigma === 0) return Math.exp(this.mu);
    return Math.exp(this.mu + this.sigma * normalQuantileForSampling(u));
  }

  quantile(p: number): number {
    requireProbability(p);
    if (this.sigma === 0) return Math.exp(this.mu);
    return Math.exp(this.mu + this.sigma * normalQuantile(p));
  }

  describe(): string {
    return this.label;
  }
}
