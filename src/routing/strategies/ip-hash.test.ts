import { describe, expect, it } from 'vitest';
import { IpHashStrategy } from './ip-hash.js';
import { hashKey } from './pickers/hash.js';
import { makeCandidates, makeContext, makeRequest } from './test-fixtures.js';

describe('ip-hash strategy', () => {
  const candidates = makeCandidates(5);

  it('maps a client to hashKey(clientId) mod the number of candidates', () => {
    for (const clientId of ['10.0.0.1', '10.0.0.2', 'tenant-a', '']) {
      const picked = new IpHashStrategy().pick(makeRequest({ clientId }), candidates, makeContext());
      expect(picked).toBe(candidates[hashKey(clientId) % 5]);
    }
  });

  it('is stable across instances and calls (no per-process hash seed)', () => {
    const first = new IpHashStrategy();
    const second = new IpHashStrategy();
    for (let i = 0; i < 200; i++) {
      const req = makeRequest({ clientId: `client-${i}` });
      const a = first.pick(req, candidates, makeContext());
      expect(first.pick(req, candidates, makeContext())).toBe(a);
      expect(second.pick(req, candidates, makeContext({}, 'other-seed'))).toBe(a);
    }
  });

  it('spreads clients over every candidate', () => {
    const strategy = new IpHashStrategy();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(strategy.pick(makeRequest({ clientId: `c${i}` }), candidates, makeContext())!.deployment.id);
    expect(seen.size).toBe(5);
  });

  it('falls back to round robin without a clientId', () => {
    const strategy = new IpHashStrategy();
    const ids = Array.from({ length: 6 }, () => strategy.pick(makeRequest(), candidates.slice(0, 3), makeContext())!.deployment.id);
    expect(ids).toEqual(['p0/m', 'p1/m', 'p2/m', 'p0/m', 'p1/m', 'p2/m']);
  });

  it('explain marks the hashed target', () => {
    const req = makeRequest({ clientId: 'x' });
    const scores = new IpHashStrategy().explain(req, candidates);
    expect(scores[candidates[hashKey('x') % 5].deployment.id]).toBe(1);
    expect(Object.values(scores).reduce((s, v) => s + v, 0)).toBe(1);
  });
});
