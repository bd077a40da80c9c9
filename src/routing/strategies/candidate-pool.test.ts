import { describe, expect, it } from 'vitest';
import { healthyOnly, untriedOrAll } from './candidate-pool.js';
import { makeCandidate, makeCandidates, makeDeployment } from './test-fixtures.js';

describe('untriedOrAll', () => {
  const candidates = makeCandidates(3);
  it('returns the same array when nothing relevant was tried (no allocation)', () => {
    expect(untriedOrAll(candidates, new Set())).toBe(candidates);
    expect(untriedOrAll(candidates, new Set(['other/m']))).toBe(candidates);
  });
  it('drops tried candidates, or keeps all when every one was tried', () => {
    expect(untriedOrAll(candidates, new Set(['p1/m']))).toEqual([candidates[0], candidates[2]]);
    expect(untriedOrAll(candidates, new Set(['p0/m', 'p1/m', 'p2/m']))).toBe(candidates);
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
