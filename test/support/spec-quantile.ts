import { invertCdf } from '../../src/calibrate/fitted-distribution.js';
import { regularizedGammaP } from '../../src/calibrate/incomplete-gamma.js';
import { normalQuantile } from '../../src/sim/distributions/special-functions.js';

/** The p-quantile of a fitted family given by its parameters (lognormal mu/sigma, gamma and weibull shape/scale, exponential mean). */
export function familyQuantile(kind: string, params: Readonly<Record<string, number>>, p: number): number {
  switch (kind) {
    case 'lognormal': return Math.exp(params.mu + params.sigma * normalQuantile(p));
    case 'gamma': return params.scale * invertCdf((x) => regularizedGammaP(params.shape, x), p, params.shape);
    case 'weibull': return params.scale * (-Math.log(1 - p)) ** (1 / params.shape);
    case 'exponential': return -params.mean * Math.log(1 - p);
    default: throw new Error(`no quantile for ${kind}`);
  }
}

/** The range of the p-quantile over every corner of a box of parameters (each between its lo and hi). */
export function quantileRange(kind: string, box: Readonly<Record<string, { lo: number; hi: number }>>, p: number): [number, number] {
  let corners: Record<string, number>[] = [{}];
  for (const [k, v] of Object.entries(box)) corners = corners.flatMap((c) => [{ ...c, [k]: v.lo }, { ...c, [k]: v.hi }]);
  const qs = corners.map((c) => familyQuantile(kind, c, p));
  return [Math.min(...qs), Math.max(...qs)];
}

/** A distribution-free interval of a sample's p-quantile: the order statistics a binomial rank interval (z standard errors) spans. */
export function sampleQuantileRange(sorted: readonly number[], p: number, z: number): [number, number] {
  const n = sorted.length;
  const half = z * Math.sqrt(n * p * (1 - p));
  return [sorted[Math.max(0, Math.floor(n * p - half))], sorted[Math.min(n - 1, Math.ceil(n * p + half))]];
}
