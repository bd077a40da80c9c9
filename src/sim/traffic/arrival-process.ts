import type { Rng } from '../../core/ports.js';
import type { ArrivalsSpec } from '../../config/scenario-schema.js';
import { maxOf } from '../../core/bulk-array.js';

/** Yields strictly increasing arrival times in ms. */
export interface ArrivalProcess {
  nextArrivalMs(): number;
  /** Long-run mean rate over [0, horizonMs), requests per second (for event estimates). */
  meanRatePerS(horizonMs: number): number;
  /**
   * Steps of work per simulated second over [0, horizonMs): arrivals plus the candidates
   * thinning rejects and the state switches between bursts (for event estimates: a schedule
   * with one short spike thins at the spike's rate all day; states of a microsecond switch
   * millions of times per arrival).
   */
  meanStepsPerS(horizonMs: number): number;
}

const exp = (rng: Rng, ratePerMs: number) => -Math.log(1 - rng.next()) / ratePerMs;

class PoissonArrivals implements ArrivalProcess {
  private tMs = 0;
  constructor(private readonly rng: Rng, private readonly ratePerS: number) {}
  nextArrivalMs(): number {
    this.tMs += exp(this.rng, this.ratePerS / 1000);
    return this.tMs;
  }
  meanRatePerS(): number {
    return this.ratePerS;
  }
  meanStepsPerS(): number {
    return this.ratePerS;
  }
}

/**
 * Non-homogeneous Poisson by thinning (Lewis–Shedler) under a constant bound. Returns
 * Infinity once past `silentAfterMs` (the rate is 0 from there on) or the horizon, so a
 * schedule that falls silent can never spin forever.
 */
class ThinnedArrivals implements ArrivalProcess {
  private tMs = 0;
  constructor(
    private readonly rng: Rng,
    private readonly rateAtS: (tS: number) => number,
    private readonly maxRatePerS: number,
    private readonly meanRate: (horizonMs: number) => number,
    private readonly silentAfterMs: number,
  ) {}
  nextArrivalMs(): number {
    if (this.maxRatePerS <= 0) return Infinity;
    for (;;) {
      if (this.tMs >= this.silentAfterMs) return Infinity;
      this.tMs += exp(this.rng, this.maxRatePerS / 1000);
      if (this.rng.next() * this.maxRatePerS < this.rateAtS(this.tMs / 1000)) return this.tMs;
    }
  }
  meanRatePerS(horizonMs: number): number {
    return this.meanRate(horizonMs);
  }
  meanStepsPerS(horizonMs: number): number {
    return (this.maxRatePerS * Math.min(horizonMs, this.silentAfterMs)) / horizonMs;
  }
}

/** Markov-modulated Poisson process with a calm and a burst state (memoryless switching). */
class BurstyArrivals implements ArrivalProcess {
  private tMs = 0;
  private bursting = false;
  private switchAtMs: number;
  constructor(private readonly rng: Rng, private readonly spec: Extract<ArrivalsSpec, { kind: 'bursty' }>) {
    this.switchAtMs = exp(rng, 1 / (spec.meanCalmS * 1000));
  }
  nextArrivalMs(): number {
    for (;;) {
      const rate = this.bursting ? this.spec.burstRatePerS : this.spec.calmRatePerS;
      const candidate = rate > 0 ? this.tMs + exp(this.rng, rate / 1000) : Infinity;
      if (candidate < this.switchAtMs) return (this.tMs = candidate);
      // A state that never ends (a mean so long its switch time overflows to Infinity) and has
      // no arrivals: there are no more arrivals, ever (without this the loop would never end).
      if (this.switchAtMs === Infinity) return Infinity;
      this.tMs = this.switchAtMs;
      this.bursting = !this.bursting;
      const meanS = this.bursting ? this.spec.meanBurstS : this.spec.meanCalmS;
      this.switchAtMs = this.tMs + exp(this.rng, 1 / (meanS * 1000));
    }
  }
  meanRatePerS(): number {
    const { calmRatePerS, burstRatePerS, meanCalmS, meanBurstS } = this.spec;
    // The calm share as 1 / (1 + burst/calm): finite even when the means' sum overflows.
    const calmShare = 1 / (1 + meanBurstS / meanCalmS);
    return calmRatePerS * calmShare + burstRatePerS * (1 - calmShare);
  }
  meanStepsPerS(): number {
    // Two switches per calm + burst cycle.
    return this.meanRatePerS() + 2 / (this.spec.meanCalmS + this.spec.meanBurstS); // 0 when the sum overflows
  }
}

function piecewiseRate(segments: { untilS: number; ratePerS: number }[]): (tS: number) => number {
  return (tS) => {
    for (const s of segments) if (tS < s.untilS) return s.ratePerS;
    return segments[segments.length - 1].ratePerS;
  };
}

/** When a piecewise schedule ends in a run of zero-rate segments: the start of that run, in ms. */
function silenceStartMs(segments: { untilS: number; ratePerS: number }[]): number {
  let i = segments.length;
  while (i > 0 && segments[i - 1].ratePerS === 0) i--;
  if (i === segments.length) return Infinity;
  return i === 0 ? 0 : segments[i - 1].untilS * 1000;
}

export function createArrivalProcess(spec: ArrivalsSpec, rng: Rng, horizonMs = Infinity): ArrivalProcess {
  switch (spec.kind) {
    case 'poisson':
      return new PoissonArrivals(rng, spec.ratePerS);
    case 'piecewise': {
      const rate = piecewiseRate(spec.segments);
      const max = maxOf(spec.segments.map((s) => s.ratePerS));
      return new ThinnedArrivals(rng, rate, max, (horizonMs) => {
        const horizonS = horizonMs / 1000;
        let area = 0, from = 0;
        for (const s of spec.segments) {
          const to = Math.min(s.untilS, horizonS);
          if (to > from) area += (to - from) * s.ratePerS;
          from = Math.max(from, s.untilS);
        }
        if (horizonS > from) area += (horizonS - from) * spec.segments[spec.segments.length - 1].ratePerS;
        return area / horizonS;
      }, Math.min(horizonMs, silenceStartMs(spec.segments)));
    }
    case 'diurnal': {
      const { meanRatePerS: mean, amplitude, periodS, phaseS } = spec;
      const rate = (tS: number) => mean * (1 + amplitude * Math.sin((2 * Math.PI * (tS - phaseS)) / periodS));
      return new ThinnedArrivals(rng, rate, mean * (1 + amplitude), () => mean, horizonMs);
    }
    case 'bursty':
      return new BurstyArrivals(rng, spec);
  }
}
