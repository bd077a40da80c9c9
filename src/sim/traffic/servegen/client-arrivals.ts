import type { Rng } from '../../../core/ports.js';
import type { Distribution } from '../../distributions/distribution.js';
import { GammaDistribution } from '../../distributions/gamma.js';
import { logGamma } from '../../distributions/special-functions.js';
import { WeibullDistribution } from '../../distributions/weibull.js';
import type { RateWindow, ServegenClient } from './servegen-data.js';

/** Unit-mean gap of the window's fitted family: its shape (burstiness) with the mean set to 1. */
function unitMeanGap(w: RateWindow): Distribution | undefined {
  if (w.family === 'Gamma') return new GammaDistribution(w.shape, 1 / w.shape);
  if (w.family === 'Weibull') return new WeibullDistribution(w.shape, Math.exp(-logGamma(1 + 1 / w.shape)));
  return undefined; // Exponential (or no fit): memoryless gaps
}

/**
 * One client's arrivals: a renewal process per window with the fitted inter-arrival family
 * and shape, run in operational time (Λ(t) = ∫ rate) so the rate can change from window to
 * window: each gap is a unit-mean draw in operational time, mapped back to real time
 * through the piecewise-constant rate. The mean count over any span is therefore Λ of that
 * span (up to the renewal start effect), whatever the family. As ServeGen's own generator,
 * only the fitted shape is kept: the scale follows from the window's rate. The timeline
 * wraps at the data's period (a day), so any duration can be simulated.
 */
export class ClientArrivals {
  private readonly gaps: (Distribution | undefined)[];
  private readonly rates: Float64Array;
  private readonly windowS: number;
  /** Whether the client ever sends a request (some window has a positive rate). */
  readonly active: boolean;
  /** Current window index and offset into it: exact window boundaries, no float modulo drift. */
  private w: number;
  private offS: number;
  /** Current time, seconds since the simulation started. */
  private tS = 0;

  constructor(
    readonly client: ServegenClient,
    private readonly rng: Rng,
    /** Data time (seconds into the client's timeline) at simulation time 0. */
    startS: number,
    rateScale: number,
  ) {
    this.windowS = client.windowS;
    this.rates = Float64Array.from(client.windows, (w) => w.ratePerS * rateScale);
    this.gaps = client.windows.map(unitMeanGap);
    this.active = this.rates.some((r) => r > 0);
    const dataS = startS % client.periodS;
    this.w = Math.min(this.rates.length - 1, Math.floor(dataS / this.windowS));
    this.offS = dataS - this.w * this.windowS;
  }


  /** Requests expected in the first `durationS` seconds of simulation: Λ over that span. */
  expectedCount(durationS: number): number {
    let total = 0, t = 0, w = this.w, off = this.offS;
    while (t < durationS) {
      const span = Math.min(this.windowS - off, durationS - t);
      total += this.rates[w] * span;
      t += span;
      off = 0;
      w = (w + 1) % this.rates.length;
    }
    return total;
  }

  /** Simulation time of the next arrival in seconds; Infinity when the client is silent. */
  nextArrivalS(): number {
    if (!this.active) return Infinity;
    const g = this.gaps[this.w];
    let need = g === undefined ? -Math.log1p(-this.rng.next()) : g.sample(this.rng);
    // Walk windows, spending operational time at each window's rate.
    for (;;) {
      const left = this.windowS - this.offS;
      const rate = this.rates[this.w];
      if (rate > 0 && rate * left >= need) {
        const dt = need / rate;
        this.offS += dt;
        this.tS += dt;
        return this.tS;
      }
      need -= rate * left;
      this.tS += left;
      this.offS = 0;
      this.w = (this.w + 1) % this.rates.length;
    }
  }

  /** Data time (seconds into the client's timeline) of the latest arrival, for its token-length PMFs. */
  get dataTimeS(): number {
    return this.w * this.windowS + this.offS;
  }
}
