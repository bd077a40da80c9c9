import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/sim/run-scenario.js';
import { queueScenario } from './support/queue-scenario.js';

/** Requests arriving during warm-up are simulated but not measured: no count may include them. */
describe('warm-up is excluded from every count', () => {
  // One attempt per request, sent on arrival (no errors, retries or hedges), so the measured
  // attempts are exactly the measured arrivals.
  const run = () =>
    runScenario(queueScenario({ lambdaPerS: 4, servers: 8, serviceMs: 200, durationS: 600, warmupS: 240, extra: { metrics: { warmupS: 240, bucketS: 60 } } }));

  it('deployments[].attempts counts the attempts after warm-up, like arrivals, cost and the time series', () => {
    const s = run();
    const arrivals = s.timeseries.reduce((n, b) => n + b.arrivals, 0);
    expect(s.timeseries[0].tS).toBe(240);
    expect(arrivals).toBeGreaterThan(1000);
    expect(s.deployments[0].attempts).toBe(arrivals);
    expect(s.deployments[0].attempts).toBe(s.timeseries.reduce((n, b) => n + b.attempts[0], 0));
    expect(s.deployments[0].attempts).toBe(s.requests.total + s.requests.inFlightAtHorizon);
  });
});
