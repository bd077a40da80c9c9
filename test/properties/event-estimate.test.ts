/**
 * The --max-events estimate counts every source of events: over generated scenarios, the
 * events a run really processes never exceed ESTIMATE_FACTOR × the estimate. The second
 * property turns each event source up on its own (sweeps, probes, incident flapping, burst
 * switching, thinning under a spike, a looped and sped-up trace), so a source the estimate
 * left out would show as a ratio far above the factor.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../src/config/scenario-schema.js';
import { estimateEvents } from '../../src/sim/estimate-events.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { SyntheticSource } from '../../src/sim/traffic/synthetic-source.js';
import { createRng } from '../../src/core/rng.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { scenarioArb } from './arbitraries.js';

/** Events a run may process per estimated event (the estimate is an expectation, not a worst case: retries under failure, hedges). */
const ESTIMATE_FACTOR = 2;

const tmp = mkdtempSync(join(tmpdir(), 'routesim-estimate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ratio(s: Scenario): number {
  return runScenario(s).eventsProcessed / estimateEvents(s);
}

describe('the event estimate bounds the events a run processes', () => {
  it(`generated scenarios: events <= ${ESTIMATE_FACTOR} × estimate (60 runs)`, () => {
    let worst = 0;
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), (s) => {
        const r = ratio(s);
        worst = Math.max(worst, r);
        expect(r).toBeLessThanOrEqual(ESTIMATE_FACTOR);
      }),
      { numRuns: runs(60) },
    );
    expect(worst).toBeGreaterThan(0.1); // the estimate is not uselessly loose either
  }, PROPERTY_TIMEOUT_MS);

  /** One knob that makes a lot of events (or generator work) with almost no traffic. */
  interface Knob {
    readonly router?: Record<string, unknown>;
    readonly traffic?: Record<string, unknown>;
    readonly incidents?: unknown[];
  }
  const heavySource: fc.Arbitrary<Knob> = fc.oneof(
    fc.integer({ min: 1, max: 20 }).map((ms) => ({ router: { outlierDetection: { sweepIntervalMs: ms } } })),
    fc.integer({ min: 2, max: 50 }).map((ms) => ({ router: { activeHealthCheck: { intervalMs: ms, timeoutMs: 1 } } })),
    fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })).map(([gapMs, durMs]) => ({
      incidents: [{ kind: 'errors', errorRate: 0.5, timeBetweenS: { kind: 'exponential', mean: gapMs / 1000 }, durationS: { kind: 'exponential', mean: durMs / 1000 } }],
    })),
    fc.integer({ min: 1, max: 20 }).map((ms) => ({ traffic: { arrivals: { kind: 'bursty', calmRatePerS: 0.1, burstRatePerS: 1, meanCalmS: ms / 1000, meanBurstS: ms / 1000 } } })),
    fc.integer({ min: 1_000, max: 50_000 }).map((peak) => ({ traffic: { arrivals: { kind: 'piecewise', segments: [{ untilS: 0.01, ratePerS: peak }, { untilS: 1, ratePerS: 0.5 }] } } })),
    fc.tuple(fc.integer({ min: 10, max: 2_000 }), fc.double({ min: 0.05, max: 1, noNaN: true })).map(([timeScale, sampleFraction]) => ({
      traffic: { trace: { path: join(tmp, 'three.csv'), format: 'csv', columns: { timestampMs: 't', inputTokens: 'i', outputTokens: 'o' }, loop: true, timeScale, sampleFraction } },
    })),
  );

  it(`each event source turned up: events <= ${ESTIMATE_FACTOR} × estimate (60 runs)`, () => {
    writeFileSync(join(tmp, 'three.csv'), 't,i,o\n0,10,5\n400,20,5\n1000,30,5\n');
    fc.assert(
      fc.property(heavySource, fc.integer({ min: 5, max: 30 }), fc.nat(), (knob, durationS, seed) => {
        const s = scenarioSchema.parse({
          name: 'heavy',
          seed,
          durationS,
          traffic: knob.traffic ?? { arrivals: { kind: 'poisson', ratePerS: 0.5 } },
          providers: [{ id: 'p', models: [{ id: 'm' }], latency: { ttftMs: 5, msPerOutputToken: 1 }, incidents: knob.incidents ?? [] }],
          router: { retries: { maxRetries: 1 }, ...knob.router },
        });
        const r = ratio(s);
        expect(r).toBeLessThanOrEqual(ESTIMATE_FACTOR);
      }),
      { numRuns: runs(60) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('generator work is counted too: steps a synthetic source takes stay within the estimate', () => {
    // A spike of 1e5/s for 10 ms in a one-hour schedule: few arrivals, but thinning draws
    // candidates at the spike's rate all hour (3.6e8 of them). The estimate must see them.
    const s = scenarioSchema.parse({
      name: 'spike', durationS: 3600,
      traffic: { arrivals: { kind: 'piecewise', segments: [{ untilS: 0.01, ratePerS: 1e5 }, { untilS: 3600, ratePerS: 0.1 }] } },
      providers: [{ id: 'p', models: [{ id: 'm' }] }],
    });
    expect(estimateEvents(s)).toBeGreaterThan(3.6e8);
    // ...while the requests themselves are a few thousand (what the estimate counted before).
    const source = new SyntheticSource(s.traffic, createRng(1), 20_000);
    let n = 0;
    while (source.next() !== undefined) n++;
    expect(n).toBeLessThan(2_000);
  });
});
