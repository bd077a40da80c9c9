import type { Rng } from '../../core/ports.js';
import { formatParam, requireFinite, requireNonNegative, requireProbability, type Distribution } from './distribution.js';
import { inverseMillsRatio, normalCdf, normalQuantile } from './special-functions.js';

/** Beyond this standardized truncation point Φ(−a) < 1e-197: sample the tail in log space. */
const FAR_TAIL = 30;
/**
 * Beyond this, the asymptotic series for the truncated moments beats the closed forms: the
 * variance 1 − λ(λ − a) cancels ~a⁴·ε (≈ 2e-11 at a = 20), the 8-term series is within 1e-12.
 */
const SERIES_TAIL = 20;
/** E[Z − a | Z >= a] = e·Σ DELTA[j]·e^{2j}, e = 1/a (from 1/λ = e·Σ (−1)ⁿ(2n−1)!!·e^{2n}). */
const DELTA_SERIES = [1, -2, 10, -74, 706, -8162, 110410, -1708394];
/** Var[Z | Z >= a] = Σ VAR[j]·e^{2(j+1)}. */
const VAR_SERIES = [1, -6, 50, -518, 6354, -89782, 1435330, -25625910];

function polyInT(coeffs: readonly number[], t: number): number {
  let r = 0;
  for (let j = coeffs.length - 1; j >= 0; j--) r = r * t + coeffs[j];
  return r;
}

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
      const e = 1 / a;
      const t = e * e;
      this.mean = sigma * e * polyInT(DELTA_SERIES, t);
      this.variance = sigma * sigma * t * polyInT(VAR_SERIES, t);
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
