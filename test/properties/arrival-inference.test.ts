/**
 * `calibrate --synthetic`'s arrival inference against known truth, over many random truths
 * (rates as properties of the method, since a test at 1% errs in 1% of logs by design):
 * - a rate that changes 2–6× (from 1–10 per s, at 30–70% of a 20–60 min log) is found as a
 *   change near the truth (within three bins plus the span that 30 nats of the two rates'
 *   Kullback–Leibler divergence buy) in at least 99% of 200 logs, and the fitted segments'
 *   counts lie within the 99.99% Poisson interval of what the true rates put in their windows
 *   in at least 99% of segments (a segment's edges are chosen where the counts fluctuate most,
 *   so a few spurious splits may exclude their truth);
 * - a stationary Poisson log is called Poisson in at least 97% of 200 logs (its dispersion test
 *   rejects at 1%: 6 or more of 200 has probability < 2%), its rate inside the 99.99% interval.
 */
import { describe, expect, it } from 'vitest';
import { inferArrivals, poissonInterval } from '../../src/calibrate/infer/infer-arrivals.js';
import { createRng } from '../../src/core/rng.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';

/** Arrival times (ms) of a Poisson process at `ratePerS` before `changeS` and `rate2PerS` after, until `durationS`. */
function arrivals(seed: string, ratePerS: number, changeS: number, rate2PerS: number, durationS: number): number[] {
  const rng = createRng(`arrivals-${seed}`);
  const out: number[] = [];
  for (let s = 0; ; ) {
    s += -Math.log(1 - rng.next()) / (s < changeS ? ratePerS : rate2PerS);
    if (s >= durationS) return out;
    out.push(s * 1000);
  }
}

describe('arrival inference (properties)', () => {
  it('a 2–6× rate change is found near the truth, and segment counts match the true rates, in at least 99% of logs', () => {
    const n = runs(200);
    const rng = createRng('changing-logs');
    let missed = 0;
    let segments = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const rate = 1 + 9 * rng.next();
      const factor = 2 + 4 * rng.next();
      const [r1, r2] = rng.next() < 0.5 ? [rate, rate * factor] : [rate * factor, rate];
      const durationS = 1200 + rng.int(2400);
      const changeS = (0.3 + 0.4 * rng.next()) * durationS;
      const times = arrivals(`change-${i}`, r1, changeS, r2, durationS);
      const a = inferArrivals(times);
      const t0S = times[0] / 1000;
      const klPerS = Math.min(r1 * Math.log(r1 / r2) - (r1 - r2), r2 * Math.log(r2 / r1) - (r2 - r1));
      const bounds = a.segments.slice(0, -1).map((s) => t0S + s.untilS);
      if (a.kind !== 'piecewise' || Math.min(...bounds.map((b) => Math.abs(b - changeS))) > 3 * a.binS + 30 / klPerS) missed++;
      for (const s of a.segments) {
        const [from, until] = [t0S + s.startS, t0S + s.untilS];
        const expected = r1 * Math.max(0, Math.min(until, changeS) - from) + r2 * Math.max(0, until - Math.max(from, changeS));
        const ci = poissonInterval(s.count, 0.9999);
        segments++;
        if (expected < ci.lo || expected > ci.hi) outside++;
      }
    }
    expect(missed).toBeLessThanOrEqual(0.01 * n);
    expect(outside).toBeLessThanOrEqual(0.01 * segments);
  }, PROPERTY_TIMEOUT_MS);

  it('a stationary Poisson log is called Poisson in at least 97% of logs, its rate inside the 99.99% interval', () => {
    const n = runs(200);
    const rng = createRng('stationary-logs');
    let rejected = 0;
    for (let i = 0; i < n; i++) {
      const rate = 0.5 + rng.next() * 10;
      const a = inferArrivals(arrivals(`flat-${i}`, rate, Infinity, rate, 600 + rng.int(3000)));
      if (a.kind !== 'poisson') {
        rejected++;
        continue;
      }
      const ci = poissonInterval(a.segments[0].count, 0.9999);
      expect(rate).toBeGreaterThanOrEqual(ci.lo / a.spanS);
      expect(rate).toBeLessThanOrEqual(ci.hi / a.spanS);
    }
    expect(rejected).toBeLessThanOrEqual(0.03 * n);
  }, PROPERTY_TIMEOUT_MS);
});
