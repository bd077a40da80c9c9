import { describe, expect, it } from 'vitest';
import { P2cEwmaStrategy } from './p2c-ewma.js';
import { P2cStrategy } from './p2c.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest, withinBinomial } from './test-fixtures.js';

const req = makeRequest();

describe('p2c strategy', () => {
  it('picks the least loaded of [0, 10, 10] with probability 2/3 (5-sigma)', () => {
    const candidates = [0, 10, 10].map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));
    const ctx = makeContext({}, 'p2c');
    const strategy = new P2cStrategy();
    const n = 30_000;
    let idle = 0;
    for (let i = 0; i < n; i++) if (strategy.pick(req, candidates, ctx) === candidates[0]) idle++;
    expect(withinBinomial(idle, n, 2 / 3)).toBe(true);
  });

  it('compares two distinct candidates: of two, the less loaded always wins', () => {
    const candidates = [7, 3].map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));
    const ctx = makeContext({}, 'distinct');
    for (let i = 0; i < 1_000; i++) expect(new P2cStrategy().pick(req, candidates, ctx)).toBe(candidates[1]);
  });

  it('never picks the most loaded of n candidates (it loses every pair it is in)', () => {
    const candidates = [1, 2, 9, 3].map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));
    const ctx = makeContext({}, 'max');
    for (let i = 0; i < 2_000; i++) expect(new P2cStrategy().pick(req, candidates, ctx)).not.toBe(candidates[2]);
  });
});

describe('p2c-ewma strategy', () => {
  it('costs peak EWMA × (inFlight + 1), unknown latency at unknownLatencyMs', () => {
    const busyFast = makeCandidate(makeDeployment('a/m'), { inFlight: 4, peakEwmaLatencyMs: 100 }); // 500
    const idleSlow = makeCandidate(makeDeployment('b/m'), { inFlight: 0, peakEwmaLatencyMs: 300 }); // 300
    const fresh = makeCandidate(makeDeployment('c/m'), { inFlight: 0 }); // 1000 by default
    const strategy = new P2cEwmaStrategy({ unknownLatencyMs: 1_000 });
    expect(strategy.explain(req, [busyFast, idleSlow, fresh])).toEqual({ 'a/m': 500, 'b/m': 300, 'c/m': 1_000 });
    const ctx = makeContext({}, 'ewma');
    for (let i = 0; i < 200; i++) {
      expect(strategy.pick(req, [busyFast, idleSlow], ctx)).toBe(idleSlow);
      expect(strategy.pick(req, [fresh, idleSlow], ctx)).toBe(idleSlow);
    }
    const optimistic = new P2cEwmaStrategy({ unknownLatencyMs: 100 });
    for (let i = 0; i < 200; i++) expect(optimistic.pick(req, [fresh, idleSlow], ctx)).toBe(fresh);
  });
});
