import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.js';
import { queueScenario } from '../support/queue-scenario.js';
import { confidenceInterval } from '../support/stats.js';

describe('outages and conservation laws', () => {
  it('an on/off outage with duty cycle 10% and no failover fails 10% of requests (99.9% CI)', () => {
    // Up for Exp(mean 90 s), down for Exp(mean 10 s): long-run down fraction 10/(90+10).
    const fractions: number[] = [];
    for (let r = 1; r <= 24; r++) {
      const s = runScenario(withOutage(), { replication: r });
      fractions.push(s.requests.failed / s.requests.total);
    }
    const ci = confidenceInterval(fractions);
    expect(ci.halfWidth, 'interval narrow enough to mean something').toBeLessThan(0.015);
    expect(0.1).toBeGreaterThanOrEqual(ci.lo);
    expect(0.1).toBeLessThanOrEqual(ci.hi);
  });

  it("Little's law L = λW holds on a run with retries, failures and queueing", () => {
    const s = runScenario(withOutage(2));
    const { meanInSystem, arrivalRatePerS, meanSojournS } = s.littlesLaw;
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(s.retries).toBeGreaterThan(0);
    expect(meanInSystem).toBeCloseTo(arrivalRatePerS * meanSojournS, 6);
  });
});

function withOutage(maxRetries = 0) {
  const s = queueScenario({ lambdaPerS: 1, servers: 100, serviceMs: 50, durationS: 30_000, warmupS: 0 });
  return {
    ...s,
    providers: [
      {
        ...s.providers[0],
        incidents: [
          { kind: 'down' as const, timeBetweenS: { kind: 'exponential' as const, mean: 90 }, durationS: { kind: 'exponential' as const, mean: 10 }, afterS: 0, latencyFactor: 1, errorRate: 1, limitFactor: 1 },
        ],
      },
    ],
    router: { ...s.router, retries: { ...s.router.retries, maxRetries, baseBackoffMs: 1000, maxBackoffMs: 5000 } },
  };
}
