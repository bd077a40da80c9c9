import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/config/scenario-schema.js';
import type { RouteRequest } from '../../src/routing/types.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import type { RequestSource } from '../../src/sim/traffic/request-source.js';
import { queueScenario } from '../support/queue-scenario.js';

/**
 * Utilization, mean busy slots and mean number in system are time averages over the horizon
 * (durationS), whatever runs after it: requests draining, and the clock running on through
 * pending deadline timers. Deterministic queues (one request per second, constant service)
 * have exact values to pin them against; the 600 s timeouts on a 300 s run are the case where
 * averaging up to the final clock reported about a third of the truth.
 */
const ARRIVAL_GAP_MS = 1000;

function oneSlotQueue(durationS: number, serviceMs: number): Scenario {
  const s = queueScenario({ lambdaPerS: 1, servers: 1, serviceMs: { kind: 'constant', value: serviceMs }, durationS, warmupS: 0 });
  return { ...s, router: { ...s.router, timeouts: { attemptMs: 600_000, deadlineMs: 600_000 } } };
}

/** Request k arrives at k seconds, until the horizon. */
function oneEverySecond(): RequestSource {
  let k = 0;
  return {
    next(): RouteRequest {
      const req: RouteRequest = { id: k, arrivalMs: k * ARRIVAL_GAP_MS, inputTokens: 1, expectedOutputTokens: 1, qualityTier: 'medium' };
      k++;
      return req;
    },
  };
}

/** ∫ N(t) dt over [0, horizon] for FIFO single-server departures d_k, arrivals a_k = k s. */
function areaInHorizonMs(horizonMs: number, departureMs: (k: number) => number): number {
  let area = 0;
  for (let k = 0; k * ARRIVAL_GAP_MS < horizonMs; k++) area += Math.min(departureMs(k), horizonMs) - k * ARRIVAL_GAP_MS;
  return area;
}

describe('time averages over the horizon, with timeouts twice as long as the run', () => {
  it('D/D/1 at ρ = 0.9: utilization 0.9 exactly, and L = λW = 0.9', () => {
    const s = runScenario(oneSlotQueue(300, 900), { source: oneEverySecond() });
    expect(s.requests).toMatchObject({ total: 300, succeeded: 300 });
    expect(s.providers[0].utilization).toBeCloseTo(0.9, 12);
    expect(s.providers[0].meanBusySlots).toBeCloseTo(0.9, 12);
    expect(s.littlesLaw.meanInSystem).toBeCloseTo(0.9, 12);
    expect(s.littlesLaw.arrivalRatePerS).toBeCloseTo(1, 12);
    expect(s.littlesLaw.meanSojournS).toBeCloseTo(0.9, 12);
  });

  it('a service that straddles the horizon counts up to it: 299 whole services and half of the last', () => {
    const s = runScenario(oneSlotQueue(299.5, 900), { source: oneEverySecond() });
    const busyMs = 299 * 900 + 500;
    expect(s.requests.total).toBe(300);
    expect(s.providers[0].utilization).toBeCloseTo(busyMs / 299_500, 12);
    expect(s.littlesLaw.meanInSystem).toBeCloseTo(busyMs / 299_500, 12);
    expect(s.littlesLaw.arrivalRatePerS).toBeCloseTo(300 / 299.5, 12);
    expect(s.littlesLaw.meanSojournS).toBeCloseTo(busyMs / 300 / 1000, 12);
  });

  it('overloaded D/D/1 (1.5 s service, a request per second): busy all the horizon, the queue grows linearly', () => {
    // Request k leaves at 1.5 (k + 1) s; the last ones leave 150 s after the horizon.
    const s = runScenario(oneSlotQueue(300, 1500), { source: oneEverySecond() });
    expect(s.requests).toMatchObject({ total: 300, succeeded: 300 });
    expect(s.latencyMs.max).toBeGreaterThan(150_000);
    expect(s.providers[0].utilization).toBeCloseTo(1, 12);
    const area = areaInHorizonMs(300_000, (k) => 1500 * (k + 1));
    expect(s.littlesLaw.meanInSystem).toBeCloseTo(area / 300_000, 9);
    expect(s.littlesLaw.meanSojournS).toBeCloseTo(area / 300 / 1000, 9);
    expect(s.littlesLaw.meanInSystem).toBeCloseTo(s.littlesLaw.arrivalRatePerS * s.littlesLaw.meanSojournS, 9);
  });
});
