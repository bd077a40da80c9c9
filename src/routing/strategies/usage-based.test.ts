import { describe, expect, it } from 'vitest';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';
import { UsageBasedStrategy } from './usage-based.js';

const req = makeRequest();
// a: min(50/100, 9000/10000) = 0.5; b: 48/60 = 0.8; c: no limits = 1.
const a = makeCandidate(makeDeployment('a/m', { rpmLimit: 100, tpmLimit: 10_000 }), { minuteRequests: 50, minuteTokens: 1_000 });
const b = makeCandidate(makeDeployment('b/m', { rpmLimit: 60 }), { minuteRequests: 12 });
const c = makeCandidate(makeDeployment('c/m'), { minuteRequests: 500, minuteTokens: 1e6 });

describe('usage-based strategy', () => {
  it('picks the most headroom against limits', () => {
    const strategy = new UsageBasedStrategy();
    expect(strategy.explain(req, [a, b, c])).toEqual({ 'a/m': 0.5, 'b/m': 0.8, 'c/m': 1 });
    expect(strategy.pick(req, [a, b, c], makeContext())).toBe(c);
    expect(strategy.pick(req, [a, b], makeContext())).toBe(b);
  });

  it('the tighter of rpm and tpm decides', () => {
    const tokenBound = makeCandidate(makeDeployment('t/m', { rpmLimit: 1_000, tpmLimit: 1_000 }), { minuteRequests: 1, minuteTokens: 900 });
    expect(new UsageBasedStrategy().pick(req, [tokenBound, a], makeContext())).toBe(a); // 0.1 < 0.5
  });

  it('breaks equal headroom round robin', () => {
    const strategy = new UsageBasedStrategy();
    const free1 = makeCandidate(makeDeployment('f1/m'));
    const free2 = makeCandidate(makeDeployment('f2/m'));
    const ids = Array.from({ length: 4 }, () => strategy.pick(req, [a, free1, free2], makeContext())!.deployment.id);
    expect(ids).toEqual(['f1/m', 'f2/m', 'f1/m', 'f2/m']);
  });
});
