import { ConstantDistribution } from './constant.js';
import { DistributionError, type Distribution } from './distribution.js';
import { EmpiricalDistribution, HistogramDistribution } from './empirical.js';
import { ExponentialDistribution } from './exponential.js';
import { GammaDistribution } from './gamma.js';
import { LognormalDistribution } from './lognormal.js';
import { MixtureDistribution } from './mixture.js';
import { TruncatedNormalDistribution } from './normal.js';
import { ParetoDistribution } from './pareto.js';
import type { DistributionSpec } from './spec.js';
import { UniformDistribution } from './uniform.js';
import { WeibullDistribution } from './weibull.js';

export { scaleDistribution } from './scaled.js';

/**
 * Builds a sampler from its YAML spec (already validated by `distributionSchema`; the
 * constructors re-check their own parameters and throw `DistributionError`). A bare number
 * is a constant.
 */
export function createDistribution(spec: DistributionSpec): Distribution {
  if (typeof spec === 'number') return new ConstantDistribution(spec);
  switch (spec.kind) {
    case 'constant':
      return new ConstantDistribution(spec.value);
    case 'uniform':
      return new UniformDistribution(spec.min, spec.max);
    case 'exponential':
      return new ExponentialDistribution(spec.mean);
    case 'normal':
      return new TruncatedNormalDistribution(spec.mean, spec.sd);
    case 'lognormal':
      return 'median' in spec ? LognormalDistribution.fromMedianP99(spec.median, spec.p99) : new LognormalDistribution(spec.mu, spec.sigma);
    case 'gamma':
      return new GammaDistribution(spec.shape, spec.scale);
    case 'weibull':
      return new WeibullDistribution(spec.shape, spec.scale);
    case 'pareto':
      return new ParetoDistribution(spec.shape, spec.scale);
    case 'empirical':
      return 'histogram' in spec ? new HistogramDistribution(spec.histogram) : new EmpiricalDistribution(spec.samples);
    case 'mixture':
      return new MixtureDistribution(spec.components.map((c) => ({ weight: c.weight, dist: createDistribution(c.dist) })));
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new DistributionError(`unknown distribution kind '${String(kind)}'`);
    }
  }
}
