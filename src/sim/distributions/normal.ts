import type { Rng } from '../../core/ports.js';
import { formatParam, requireFinite, requireNonNegative, requireProbability, type Distribution } from './distribution.js';
import { inverseMillsRatio, normalCdf, normalQuantile } from './special-functions.js';

/** Beyond this standardized truncation point Φ(−a) < 1e-197: sample the tail in log space. */
const FAR_TAIL = 30;
/** Beyond this, the asymptotic series for the truncated moments beats the cancelling formulas. */
const SERIES_TAIL = 50;

/**
 * Normal(mu, sigma) truncated to [0, ∞) — latencies cannot be negative. `mean` and `variance`
 * are those of the truncated distribution. sigma = 0 is the point mass at max(mu, 0).
 *
 * Sampling is by inverse CDF: exactly one uniform per sample, monotone in it, no cached
 * state (unlike Box–Muller's spare value), so interleaving samples never shifts a stream.
 */
export class TruncatedNormalDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  /** Standardized truncation point a = (0 − mu) / sigma. */
  private readonly a: number;
  /** P(Z >= a) of the parent; unused in the far tail. */
  private readonly tailMass: number;
  /** Inverse Mills ratio λ(a) = E[Z | Z >= a]. */
  private readonly lambdaA: number;

  constructor(readonly mu: number, readonly sigma: number) {
    requireFinite('normal', 'mean', mu);
    requireNonNegative('normal', 'sd', sigma);
    if (sigma === 0) {
      this.a = -Infinity;
      this.tailMass = 1;
      this.lambdaA = 0;
      this.mean = Math.max(mu, 0);
      this.variance = 0;
      return;
    }
    const a = -mu / sigma;
    this.a = a;
    this.tailMass = normalCdf(-a);
    this.lambdaA = inverseMillsRatio(a);
    if (a > SERIES_TAIL) {
      // E[Z − a | Z >= a] = 1/a − 2/a³ + 10/a⁵ − 74/a⁷ and Var = 1/a² − 6/a⁴ + 50/a⁶ (Mills-ratio
      // expansion); the closed forms below lose ~a² in relative precision to cancellation.
      const e = 1 / a;
      const e2 = e * e;
      this.mean = sigma * e * (1 - e2 * (2 - e2 * (10 - 74 * e2)));
      this.variance = sigma * sigma * e2 * (1 - e2 * (6 - 50 * e2));
    } else {
      const lambda = this.lambdaA;
      this.mean = Math.max(0, mu + sigma * lambda);
      this.variance = sigma * sigma * Math.max(0, 1 - lambda * (lambda - a));
    }
  }

  sample(rng: Rng): number {
    return this.fromUpperTail(1 - rng.next());
  }

  quantile(p: number): number {
    requireProbability(p);
    return this.fromUpperTail(1 - p);
  }

  describe(): string {
    return `normal(mean=${formatParam(this.mu)}, sd=${formatParam(this.sigma)}, truncated at 0)`;
  }

  /** The value x with P(X > x) = v (v in (0, 1]). */
  private fromUpperTail(v: number): number {
    if (this.sigma === 0) return this.mean;
    const z = this.a > FAR_TAIL ? this.farTailZ(v) : -normalQuantile(v * this.tailMass);
    return Math.max(0, this.mu + this.sigma * z);
  }

  /**
   * Solves Q(z) = v·Q(a) for z >= a (Q the upper normal tail) in log space, where
   * ln Q(z) = −z²/2 − ln √(2π) − ln λ(z) never underflows. Newton from the Rayleigh-tail
   * guess √(a² − 2 ln v); d ln Q / dz = −λ(z), and three steps reach double precision.
   */
  private farTailZ(v: number): number {
    const a = this.a;
    const logV = Math.log(v);
    let z = Math.sqrt(a * a - 2 * logV);
    for (let i = 0; i < 3; i++) {
      const lambda = inverseMillsRatio(z);
      const f = -0.5 * (z - a) * (z + a) - Math.log(lambda / this.lambdaA) - logV;
      z += f / lambda;
    }
    return Math.max(a, z);
  }
}
