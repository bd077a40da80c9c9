/**
 * Determinism over generated scenarios (test/determinism.test.ts checks one shipped scenario):
 * same scenario + seed ⇒ the same bytes; the arrival stream is the same whatever strategy
 * routes it (common random numbers); and runs are independent of what ran before them, so
 * replications give identical per-replication results in any order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { scenarioArb, strategyArb } from './arbitraries.js';

const small = { maxDurationS: 120 };

describe('determinism', () => {
  it('same scenario + seed ⇒ identical JSON of the whole summary (60 runs)', () => {
    fc.assert(
      fc.property(scenarioArb(small), fc.integer({ min: 0, max: 3 }), (scenario, replication) => {
        const a = JSON.stringify(runScenario(scenario, { replication }));
        const b = JSON.stringify(runScenario(structuredClone(scenario), { replication }));
        expect(b).toBe(a);
      }),
      { numRuns: runs(60) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('the arrival stream does not depend on the strategy (60 runs)', () => {
    fc.assert(
      fc.property(scenarioArb(small), strategyArb(), strategyArb(), (scenario, s1, s2) => {
        const a = runScenario(scenario, { strategy: s1 });
        const b = runScenario(scenario, { strategy: s2 });
        expect(b.requests.total).toBe(a.requests.total);
        expect(b.timeseries.map((t) => t.arrivals)).toEqual(a.timeseries.map((t) => t.arrivals));
      }),
      { numRuns: runs(60) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('unstreamed traffic ignores every stream-only setting (byte-identical), and streaming moves no arrival (60 runs)', () => {
    fc.assert(
      fc.property(scenarioArb(small), (generated) => {
        const unstreamed = { ...generated, traffic: { ...generated.traffic, streamFraction: 0 } };
        const { firstTokenMs: _f, idleMs: _i, ...plainTimeouts } = unstreamed.router.timeouts;
        const plain = {
          ...unstreamed,
          providers: unstreamed.providers.map((p) => ({ ...p, errors: { ...p.errors, midStreamErrorRate: 0, stallRate: 0 } })),
          router: { ...unstreamed.router, timeouts: plainTimeouts },
        };
        expect(JSON.stringify(runScenario(unstreamed))).toBe(JSON.stringify(runScenario(plain)));
        const streamed = runScenario({ ...generated, traffic: { ...generated.traffic, streamFraction: 0.5 } });
        expect(streamed.timeseries.map((t) => t.arrivals)).toEqual(runScenario(plain).timeseries.map((t) => t.arrivals));
      }),
      { numRuns: runs(60) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('replications run in any order, interleaved with other runs, give identical results (40 runs)', () => {
    fc.assert(
      fc.property(
        scenarioArb(small),
        fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))),
        scenarioArb(small),
        (scenario, [n, order], other) => {
          const inOrder = [...Array(n).keys()].map((replication) => JSON.stringify(runScenario(scenario, { replication })));
          const shuffled = new Array<string>(n);
          for (const replication of order) {
            runScenario(other, { replication }); // unrelated work in between must not leak into the next run
            shuffled[replication] = JSON.stringify(runScenario(scenario, { replication }));
          }
          expect(shuffled).toEqual(inOrder);
        },
      ),
      { numRuns: runs(40) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
