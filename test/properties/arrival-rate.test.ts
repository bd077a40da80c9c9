/**
 * The synthetic arrival stream always ends: for any arrival schedule the schema accepts,
 * SyntheticSource yields strictly increasing arrival times below the horizon and then
 * `undefined`, after a number of draws bounded by the schedule (never an endless loop).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trafficSchema, type TrafficSpec } from '../../src/config/scenario-schema.js';
import { createRng } from '../../src/core/rng.js';
import { SyntheticSource } from '../../src/sim/traffic/synthetic-source.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { trafficArb } from './arbitraries.js';

/** Drains a source; fails (instead of hanging) only when the source RETURNS too many arrivals. */
function drain(spec: TrafficSpec, horizonMs: number, seed: number): number[] {
  const source = new SyntheticSource(spec, createRng(seed), horizonMs);
  const times: number[] = [];
  for (let r = source.next(); r !== undefined; r = source.next()) {
    times.push(r.arrivalMs);
    if (times.length > 100_000) throw new Error('arrival stream does not end');
  }
  return times;
}

describe('arrival stream', () => {
  it('generated schedules: increasing arrivals below the horizon, then the end (200 runs)', () => {
    fc.assert(
      fc.property(trafficArb, fc.integer({ min: 1, max: 300 }), fc.nat(), (traffic, durationS, seed) => {
        const times = drain(trafficSchema.parse(traffic), durationS * 1000, seed);
        for (let i = 0; i < times.length; i++) {
          expect(times[i]).toBeLessThan(durationS * 1000);
          if (i > 0) expect(times[i]).toBeGreaterThan(times[i - 1]);
        }
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);

  /*
   * Regression: this property found a real bug (fixed): a piecewise schedule whose last
   * segment has ratePerS 0 made the thinning loop draw candidates forever once past the last
   * positive segment, so runScenario never returned. Smallest counterexample: segments
   * [{ untilS: 1, ratePerS: 1 }, { untilS: 2, ratePerS: 0 }], any seed.
   */
  it('piecewise schedules that end at rate 0 still end (200 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ untilS: fc.integer({ min: 1, max: 300 }), ratePerS: fc.integer({ min: 0, max: 30 }).map((n) => n / 10) }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        (segments, durationS, seed) => {
          const sorted = [...segments].sort((a, b) => a.untilS - b.untilS);
          sorted[sorted.length - 1] = { ...sorted[sorted.length - 1], ratePerS: 0 };
          const spec = trafficSchema.parse({ arrivals: { kind: 'piecewise', segments: sorted } });
          const times = drain(spec, durationS * 1000, seed);
          for (const t of times) expect(t).toBeLessThan(durationS * 1000);
        },
      ),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
