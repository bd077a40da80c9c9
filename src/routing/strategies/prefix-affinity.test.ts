import { describe, expect, it } from 'vitest';
import type { Candidate } from '../types.js';
import { affinityHash, PrefixAffinityStrategy, prefixAffinityStrategy } from './prefix-affinity.js';
import { makeCandidate, makeCandidates, makeContext, makeRequest } from './test-fixtures.js';

const candidates = makeCandidates(5);
const deployments = candidates.map((c) => c.deployment);
const create = (params: Record<string, unknown> = {}) =>
  prefixAffinityStrategy.create(prefixAffinityStrategy.paramsSchema.parse(params), { deployments }) as PrefixAffinityStrategy;
const withLoad = (loads: number[]): Candidate[] => deployments.map((d, i) => makeCandidate(d, { inFlight: loads[i] }));

describe('prefix-affinity strategy', () => {
  it('keys on the first N prefix blocks, then session, client, request id', () => {
    const a = makeRequest({ id: 1, prefixHashes: [0, 7, 9] });
    const b = makeRequest({ id: 2, prefixHashes: [0, 7, 123, 4] });
    const c = makeRequest({ id: 3, prefixHashes: [0, 8, 9] });
    expect(affinityHash(a, 2)).toBe(affinityHash(b, 2));
    expect(affinityHash(a, 2)).not.toBe(affinityHash(c, 2));
    expect(affinityHash(a, 3)).not.toBe(affinityHash(b, 3));
    expect(affinityHash(makeRequest({ id: 4, prefixHashes: [5] }), 2)).toBe(affinityHash(makeRequest({ id: 5, prefixHashes: [5] }), 2));
    // Large ids keep their high bits.
    expect(affinityHash(makeRequest({ prefixHashes: [2 ** 40 + 1] }), 1)).not.toBe(affinityHash(makeRequest({ prefixHashes: [1] }), 1));
    const s1 = makeRequest({ id: 6, sessionId: 's', clientId: 'c' });
    expect(affinityHash(s1, 2)).toBe(affinityHash(makeRequest({ id: 7, sessionId: 's' }), 2));
    expect(affinityHash(makeRequest({ id: 8, clientId: 'c' }), 2)).toBe(affinityHash(makeRequest({ id: 9, clientId: 'c' }), 2));
  });

  it('the same prefix goes to the same deployment while loads are within the bound', () => {
    const s = create();
    const idle = withLoad([0, 0, 0, 0, 0]);
    const counts = new Map<string, number>();
    for (let k = 0; k < 2000; k++) {
      const first = s.pick(makeRequest({ id: k, prefixHashes: [0, k, 1] }), idle, makeContext())!.deployment.id;
      expect(s.pick(makeRequest({ id: k + 10_000, prefixHashes: [0, k, 99] }), idle, makeContext())!.deployment.id).toBe(first);
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    // Every deployment owns some prefixes (160 virtual nodes each: shares near 1/5).
    expect(counts.size).toBe(5);
    for (const n of counts.values()) expect(n).toBeGreaterThan(250);
  });

  it('skips a deployment whose in-flight would exceed ⌈(1+ε)·mean⌉, walking on to the next on the ring', () => {
    const s = create({ loadBound: 0.25 });
    const req = makeRequest({ prefixHashes: [3, 4] });
    const home = s.pick(req, withLoad([0, 0, 0, 0, 0]), makeContext())!.deployment.id;
    const homeIdx = deployments.findIndex((d) => d.id === home);
    // Total in flight 10, +1 → cap = ⌈1.25 · 11 / 5⌉ = 3. Home at 3 would become 4 > 3: skipped.
    const loads = [2, 2, 2, 2, 2];
    loads[homeIdx] = 2;
    expect(PrefixAffinityStrategy.capacity(withLoad(loads), 0.25)).toBe(3);
    expect(s.pick(req, withLoad(loads), makeContext())!.deployment.id).toBe(home);
    loads[homeIdx] = 3;
    loads[(homeIdx + 1) % 5] = 1;
    const spill = s.pick(req, withLoad(loads), makeContext())!.deployment.id;
    expect(spill).not.toBe(home);
    // The spill target is stable (the next one on the ring), and within the bound.
    expect(s.pick(req, withLoad(loads), makeContext())!.deployment.id).toBe(spill);
    const spillIdx = deployments.findIndex((d) => d.id === spill);
    expect(loads[spillIdx] + 1).toBeLessThanOrEqual(PrefixAffinityStrategy.capacity(withLoad(loads), 0.25));
  });

  it('never overloads: a hot prefix spreads so max in-flight stays within the bound', () => {
    const s = create({ loadBound: 0.1 });
    const loads = [0, 0, 0, 0, 0];
    for (let k = 0; k < 500; k++) {
      const c = s.pick(makeRequest({ id: k, prefixHashes: [42, 43] }), withLoad(loads), makeContext())!;
      const i = deployments.indexOf(c.deployment);
      const cap = PrefixAffinityStrategy.capacity(withLoad(loads), 0.1);
      expect(loads[i] + 1).toBeLessThanOrEqual(cap);
      loads[i]++;
    }
    // Unbounded hashing would put all 500 on one deployment; bounded: at most ⌈1.1 × mean⌉.
    expect(Math.max(...loads)).toBeLessThanOrEqual(Math.ceil((1.1 * 500) / 5));
  });

  it('picks only among untried candidates on retries, and explains its choice', () => {
    const s = create();
    const req = makeRequest({ prefixHashes: [1, 2] });
    const idle = withLoad([0, 0, 0, 0, 0]);
    const home = s.pick(req, idle, makeContext())!.deployment.id;
    const retry = s.pick(req, idle, makeContext({ tried: new Set([home]) }))!.deployment.id;
    expect(retry).not.toBe(home);
    const scores = s.explain!(req, idle, makeContext());
    expect(scores[home]).toBe(1);
    expect(Object.values(scores).reduce((a, b) => a + b, 0)).toBe(1);
    expect(s.pick(req, [], makeContext())).toBeUndefined();
  });
});
