import { describe, expect, it } from 'vitest';
import { healthyOnly, untriedOrAll } from './candidate-pool.js';
import { makeCandidate, makeCandidates, makeDeployment } from './test-fixtures.js';

describe('untriedOrAll', () => {
  const candidates = makeCandidates(3);
  it('returns the same array when nothing relevant was tried (no allocation)', () => {
    expect(untriedOrAll(candidates, { tried: new Set() })).toBe(candidates);
    expect(untriedOrAll(candidates, { tried: new Set(['other/m']) })).toBe(candidates);
  });
  it('drops tried candidates, or keeps all when every one was tried', () => {
    expect(untriedOrAll(candidates, { tried: new Set(['p1/m']) })).toEqual([candidates[0], candidates[2]]);
    expect(untriedOrAll(candidates, { tried: new Set(['p0/m', 'p1/m', 'p2/m']) })).toBe(candidates);
  });
  it('trusts a pool that puts untried ones first (the router\'s): no scan, the same array', () => {
    const untried = candidates.slice(1);
    expect(untriedOrAll(untried, { tried: new Set(['p0/m']), untriedFirst: true })).toBe(untried);
    expect(untriedOrAll(untried, { tried: new Set(['p0/m']), untriedFirst: false })).toBe(untried);
    expect(untriedOrAll(candidates, { tried: new Set(['p0/m']), untriedFirst: false })).toEqual(untried);
  });
});

describe('healthyOnly', () => {
  it('keeps healthy candidates, the same array when all are healthy', () => {
    const a = makeCandidate(makeDeployment('a/m'));
    const b = makeCandidate(makeDeployment('b/m'), {}, 'degraded');
    expect(healthyOnly([a])).toEqual([a]);
    expect(healthyOnly([a, b])).toEqual([a]);
    expect(healthyOnly([b])).toEqual([]);
  });
});
