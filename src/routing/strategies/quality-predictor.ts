import { CounterRng } from '../../core/counter-rng.js';
import type { Rng } from '../../core/ports.js';
import { strongWins } from '../quality-truth.js';
import type { RequestQuality } from '../types.js';

/**
 * A simulated router model of known skill: it estimates P(strong model beats weak) for a
 * prompt from the ground truth blurred by Gaussian noise. Signal-detection form: the latent
 * evidence is ℓ = ±1 (+1 when the strong model wins) + σ·z with z ~ N(0, 1), and the score is
 * the posterior under equal priors, P(win | ℓ) = 1 / (1 + exp(−2ℓ/σ²)) — so it is calibrated
 * when wins and losses are equally common, and its ranking quality is ROC AUC = Φ(√2 / σ)
 * (σ = 0.5 → 0.998, 1 → 0.92, 2 → 0.76, 4 → 0.64). σ = 0 is the perfect predictor (score =
 * 1 for a win, 0 otherwise): any threshold in (0, 1] then routes exactly like the oracle.
 *
 * z comes from a counter-based stream keyed by the request id, derived from the strategy's
 * stream by `fork` (which consumes nothing from it): a given request gets the same z whatever
 * the threshold, σ, strategy or routing history — common random numbers for threshold sweeps.
 */
export class NoisyQualityPredictor {
  private counter: CounterRng | undefined;

  constructor(readonly noise: number) {
    if (!(noise >= 0 && Number.isFinite(noise))) throw new RangeError(`predictor noise must be a finite number ≥ 0 (got ${noise})`);
  }

  /** Predicted P(strong wins) in [0, 1] for request `requestId` carrying quality truth `q`. */
  score(requestId: number, q: RequestQuality, rng: Rng): number {
    if (q.predictedStrongWinProbability !== undefined) return q.predictedStrongWinProbability;
    const win = strongWins(q);
    if (this.noise === 0) return win ? 1 : 0;
    const z = this.standardNormal(requestId, rng);
    const evidence = (win ? 1 : -1) + this.noise * z;
    return 1 / (1 + Math.exp((-2 * evidence) / (this.noise * this.noise)));
  }

  /** The request's own N(0, 1) draw (Box–Muller on two counter-based uniforms). */
  standardNormal(requestId: number, rng: Rng): number {
    this.counter ??= new CounterRng(rng.fork('quality-predictor'));
    const c = this.counter.reset(requestId, 0x51a1);
    const u1 = 1 - c.next(); // (0, 1]: log stays finite
    const u2 = c.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** ROC AUC of the predictor's score for separating wins from non-wins: Φ(√2 / σ). */
export function predictorAuc(noise: number): number {
  if (noise === 0) return 1;
  return standardNormalCdf(Math.SQRT2 / noise);
}

/** Φ via the complementary error function (Numerical Recipes erfc, |error| < 1.2e-7). */
export function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
