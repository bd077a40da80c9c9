import { describe, expect, it } from 'vitest';
import { RoundRobinStrategy } from './round-robin.js';
import { makeCandidates, makeContext, makeRequest } from './test-fixtures.js';

describe('round-robin strategy', () => {
  const req = makeRequest();
  it('cycles through the candidates in order', () => {
    const strategy = new RoundRobinStrategy();
    const candidates = makeCandidates(3);
    const ids = Array.from({ length: 6 }, () => strategy.pick(req, candidates, makeContext())!.deployment.id);
    expect(ids).toEqual(['p0/m', 'p1/m', 'p2/m', 'p0/m', 'p1/m', 'p2/m']);
  });

  it('explain shows turns without consuming one', () => {
    const strategy = new RoundRobinStrategy();
    const candidates = makeCandidates(2);
    strategy.pick(req, candidates, makeContext());
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': 0, 'p1/m': -1 });
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': 0, 'p1/m': -1 });
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('p1/m');
  });

  it('skips tried deployments on a failover, and returns undefined without candidates', () => {
    const strategy = new RoundRobinStrategy();
    const candidates = makeCandidates(3);
    expect(strategy.pick(req, candidates, makeContext({ tried: new Set(['p0/m', 'p1/m']) }))!.deployment.id).toBe('p2/m');
    expect(strategy.pick(req, [], makeContext())).toBeUndefined();
  });
});
