import type { ConcurrencyLimitConfig } from '../../config/admission-schema.js';

/** What one finished attempt tells a limit algorithm. */
export interface LimitSample {
  /** 429, 503/529 or a timeout: the deployment said, or showed, it had too much. */
  readonly dropped: boolean;
  /** Send to outcome, ms (successes only; NaN otherwise). */
  readonly latencyMs: number;
  /** Attempts in flight at this deployment when the sample arrived (this one included). */
  readonly inFlight: number;
}

/** Adapts one deployment's in-flight limit (a real number; the gate uses its floor). */
export interface LimitAlgorithm {
  update(limit: number, s: LimitSample): number;
}

/** A fixed cap: what a team sets by hand from the provider's documented concurrency. */
class StaticLimit implements LimitAlgorithm {
  update(limit: number): number {
    return limit;
  }
}

/**
 * Additive increase, multiplicative decrease (Netflix concurrency-limits' AIMDLimit): +1 when a
 * success finds the limit at least half used (an idle deployment proves nothing about a higher
 * limit), x backoffRatio on a drop or a success slower than latencyThresholdMs.
 */
class AimdLimit implements LimitAlgorithm {
  constructor(private readonly c: ConcurrencyLimitConfig) {}

  update(limit: number, s: LimitSample): number {
    const slow = this.c.latencyThresholdMs !== undefined && s.latencyMs > this.c.latencyThresholdMs;
    if (s.dropped || slow) return limit * this.c.backoffRatio;
    if (s.inFlight * 2 >= limit) return limit + 1;
    return limit;
  }
}

/**
 * Netflix's Gradient2: compares a short-term latency average with a long-term one. While the
 * short one stays within `tolerance` of the long one the limit grows by sqrt(limit) (the
 * queue it allows); when queueing makes the short one slower the gradient shrinks the limit,
 * at most by half per step. New estimates are smoothed in. Drops back off at once.
 */
class GradientLimit implements LimitAlgorithm {
  private shortMs = NaN;
  private longMs = NaN;
  private readonly shortAlpha: number;
  private readonly longAlpha: number;

  constructor(private readonly c: ConcurrencyLimitConfig) {
    this.shortAlpha = 2 / (c.shortWindow + 1);
    this.longAlpha = 2 / (c.longWindow + 1);
  }

  update(limit: number, s: LimitSample): number {
    if (s.dropped) return limit * this.c.backoffRatio;
    if (!(s.latencyMs >= 0)) return limit;
    this.shortMs = Number.isNaN(this.shortMs) ? s.latencyMs : this.shortMs + this.shortAlpha * (s.latencyMs - this.shortMs);
    this.longMs = Number.isNaN(this.longMs) ? s.latencyMs : this.longMs + this.longAlpha * (s.latencyMs - this.longMs);
    // As Gradient2 does: when the long-term average has drifted far above the short one (load
    // went away), pull it down so the next rise is measured from the recovered latency.
    if (this.longMs / this.shortMs > 2) this.longMs *= 0.95;
    // An under-used deployment proves nothing about a higher limit.
    if (s.inFlight * 2 < limit) return limit;
    const gradient = Math.max(0.5, Math.min(1, (this.c.tolerance * this.longMs) / this.shortMs));
    const estimate = limit * gradient + Math.sqrt(limit);
    return limit * (1 - this.c.smoothing) + estimate * this.c.smoothing;
  }
}

/** Algorithms by the name used in `concurrencyLimit.algorithm` (one state per deployment). */
export const LIMIT_ALGORITHMS: Readonly<Record<ConcurrencyLimitConfig['algorithm'], (c: ConcurrencyLimitConfig) => LimitAlgorithm>> = {
  static: () => new StaticLimit(),
  aimd: (c) => new AimdLimit(c),
  gradient: (c) => new GradientLimit(c),
};
