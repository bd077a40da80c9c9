import { createRng } from '../../core/rng.js';
import { FITTERS, type SampleFit } from '../fit-candidates.js';
import { FitError } from '../fitted-distribution.js';
import { sortedQuantile } from '../sample-quantiles.js';

/**
 * Confidence intervals for the parameters of a fitted family by the percentile bootstrap:
 * refit the family on `resamples` resamples drawn with replacement (a seeded stream, so the
 * same log always gives the same intervals). Works for every family, including those whose
 * MLE has no closed-form standard error (gamma, weibull).
 */
export interface ParamInterval {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

export function bootstrapParamIntervals(fit: SampleFit, seed: string, confidence = 0.99, resamples = 200): Record<string, ParamInterval> | undefined {
  const best = fit.best;
  if (best?.fit === undefined) return undefined;
  const fitter = FITTERS[best.family];
  const xs = fit.sorted;
  const rng = createRng(`calibrate-ci/${seed}`);
  const draws = new Map<string, number[]>(Object.keys(best.fit.params).map((k) => [k, []]));
  const sample = new Array<number>(xs.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[rng.int(xs.length)];
    try {
      const refit = fitter(sample);
      for (const [k, v] of Object.entries(refit.params)) draws.get(k)?.push(v);
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
    }
  }
  const alpha = (1 - confidence) / 2;
  const out: Record<string, ParamInterval> = {};
  for (const [k, list] of draws) {
    list.sort((a, b) => a - b);
    out[k] = { estimate: best.fit.params[k], lo: sortedQuantile(list, alpha), hi: sortedQuantile(list, 1 - alpha) };
  }
  return out;
}
