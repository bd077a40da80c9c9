import { describe, expect, it } from 'vitest';
import { LeastResponseTimeStrategy } from './least-response-time.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const req = makeRequest();
const withEwma = (latencies: number[]) =>
  latencies.map((ewmaLatencyMs, i) => makeCandidate(makeDeployment(`p${i}/m`), { ewmaLatencyMs }));

describe('least-response-time strategy', () => {
  it('picks the lowest EWMA latency, ties by deployment order', () => {
    const strategy = new LeastResponseTimeStrategy({ unknownLatencyMs: 0 });
    expect(strategy.pick(req, withEwma([300, 120, 200]), makeContext())!.deployment.id).toBe('p1/m');
    expect(strategy.pick(req, withEwma([200, 100, 100]), makeContext())!.deployment.id).toBe('p1/m');
  });

  it('counts unknown latency as 0 by default so new deployments get tried', () => {
    const strategy = new LeastResponseTimeStrategy({ unknownLatencyMs: 0 });
    expect(strategy.pick(req, withEwma([50, Number.NaN]), makeContext())!.deployment.id).toBe('p1/m');
    expect(strategy.explain(req, withEwma([50, Number.NaN]))).toEqual({ 'p0/m': 50, 'p1/m': 0 });
  });

  it('uses unknownLatencyMs when configured', () => {
    const strategy = new LeastResponseTimeStrategy({ unknownLatencyMs: 500 });
    expect(strategy.pick(req, withEwma([Number.NaN, 100]), makeContext())!.deployment.id).toBe('p1/m');
    expect(strategy.pick(req, withEwma([Number.NaN, 600]), makeContext())!.deployment.id).toBe('p0/m');
  });
});
