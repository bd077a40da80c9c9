import { firstAbove } from '../../core/sorted-search.js';
import type { LoggedAttempt } from '../logs/logged-request.js';

/**
 * What an attempt took from a provider's rate-limit bucket, as far as the log tells, and how
 * likely a bucket holding some level was to admit it. A request bucket takes 1 per attempt. A
 * token bucket takes input + expected output at admission; the log knows that for an answered
 * attempt (its output tokens), but a refused or failed one logged no output, so its charge is
 * known only in distribution: input + an output drawn from the answered attempts'. (Replaying
 * such an attempt at the median output biased the limit low: a bucket refuses the large ones.)
 *
 * `slack` (tokens, ≥ 0) is how uncertain the level itself is: the provider met the attempt a
 * little after the gateway logged sending it, by a delay that varies, and the bucket refilled
 * meanwhile. The admit threshold is then a logistic of that scale rather than a step.
 */
export interface BucketCharge {
  /** Probability that a bucket holding `level` (of `capacity`) admits the attempt. */
  admitProbability(a: LoggedAttempt, level: number, capacity: number, slack: number): number;
  /** What an admitted attempt takes from the bucket (its expectation when unknown). */
  drain(a: LoggedAttempt, capacity: number): number;
}

/** P(level ≥ need) when the level is known within a logistic of scale `slack`. */
const overThreshold = (level: number, need: number, slack: number): number => {
  const x = level - need;
  // Beyond 30 scales the logistic is 1 or 0 to within 1e-13: no exp.
  if (slack === 0 || x >= 30 * slack || x <= -30 * slack) return x >= 0 ? 1 : 0;
  return 1 / (1 + Math.exp(-x / slack));
};

export const REQUEST_CHARGE: BucketCharge = {
  admitProbability: (_a, level, capacity, slack) => overThreshold(level, Math.min(1, capacity), slack),
  drain: (_a, capacity) => Math.min(1, capacity),
};

/** Quantiles of the answered outputs that stand for an unknown one when the level is uncertain. */
const OUTPUT_QUANTILES = 8;

export function tokenCharge(attempts: readonly LoggedAttempt[]): BucketCharge {
  const outputs = Float64Array.from(attempts.filter((a) => a.outputTokens > 0).map((a) => a.outputTokens)).sort();
  const meanOutput = outputs.length > 0 ? outputs.reduce((s, x) => s + x, 0) / outputs.length : 0;
  const quantiles = outputs.length === 0 ? [0] : Array.from({ length: OUTPUT_QUANTILES }, (_, k) => outputs[Math.floor(((k + 0.5) / OUTPUT_QUANTILES) * outputs.length)]);
  /** Fraction of answered outputs ≤ x. */
  const outputCdf = (x: number): number => (outputs.length === 0 ? (x >= 0 ? 1 : 0) : firstAbove(outputs, x) / outputs.length);
  return {
    admitProbability(a, level, capacity, slack) {
      // A request larger than the whole bucket is charged the whole bucket (routesim's TokenBucket).
      if (a.outputTokens > 0) return overThreshold(level, Math.min(capacity, a.inputTokens + a.outputTokens), slack);
      if (slack === 0) return level >= capacity ? 1 : outputCdf(level - a.inputTokens);
      let p = 0;
      for (const o of quantiles) p += overThreshold(level, Math.min(capacity, a.inputTokens + o), slack);
      return p / quantiles.length;
    },
    drain: (a, capacity) => Math.min(capacity, a.inputTokens + (a.outputTokens > 0 ? a.outputTokens : meanOutput)),
  };
}
