import { describe, expect, it } from 'vitest';
import type { Candidate } from '../types.js';
import { ConsistentHashStrategy, consistentHashStrategy, routingKey } from './consistent-hash.js';
import { makeCandidates, makeContext, makeRequest } from './test-fixtures.js';

const candidates = makeCandidates(10);
const deployments = candidates.map((c) => c.deployment);
const create = (virtualNodes = 160) =>
  consistentHashStrategy.create({ virtualNodes }, { deployments }) as ConsistentHashStrategy;
const pickFor = (strategy: ConsistentHashStrategy, key: string, pool: readonly Candidate[], tried = new Set<string>()) =>
  strategy.pick(makeRequest({ clientId: key }), pool, makeContext({ tried }))!.deployment.id;

describe('consistent-hash strategy', () => {
  it('keys on clientId, then sessionId, then the request id', () => {
    expect(routingKey(makeRequest({ id: 7, clientId: 'c', sessionId: 's' }))).toBe('c');
    expect(routingKey(makeRequest({ id: 7, sessionId: 's' }))).toBe('s');
    expect(routingKey(makeRequest({ id: 7 }))).toBe('7');
  });

  it('maps the same key to the same deployment while the set is unchanged, across instances', () => {
    const a = create();
    const b = create();
    for (let i = 0; i < 500; i++) {
      const key = `user-${i}`;
      const first = pickFor(a, key, candidates);
      expect(pickFor(a, key, candidates)).toBe(first);
      expect(pickFor(b, key, candidates)).toBe(first);
    }
  });

  it('removing one of 10 deployments remaps exactly the keys that were on it, ≈ 1/10 of them', () => {
    const strategy = create();
    const keys = 20_000;
    const before = Array.from({ length: keys }, (_, i) => pickFor(strategy, `k${i}`, candidates));
    // A deployment's ring share with v virtual nodes has sd ≈ (1/n)/sqrt(v); add the binomial
    // sampling error of 20k keys and allow 4.5 combined standard errors.
    const shareSd = 0.1 / Math.sqrt(160);
    const samplingSd = Math.sqrt((0.1 * 0.9) / keys);
    const tolerance = 4.5 * Math.sqrt(shareSd ** 2 + samplingSd ** 2);
    for (const removed of deployments) {
      const pool = candidates.filter((c) => c.deployment !== removed);
      let remapped = 0;
      for (let i = 0; i < keys; i++) {
        const after = pickFor(strategy, `k${i}`, pool);
        if (before[i] === removed.id) {
          expect(after).not.toBe(removed.id);
          remapped++;
        } else {
          expect(after).toBe(before[i]);
        }
      }
      expect(Math.abs(remapped / keys - 0.1)).toBeLessThan(tolerance);
    }
  });

  it('walks on past tried deployments exactly as if they were removed', () => {
    const strategy = create();
    for (let i = 0; i < 300; i++) {
      const key = `t${i}`;
      const first = pickFor(strategy, key, candidates);
      const withoutFirst = candidates.filter((c) => c.deployment.id !== first);
      expect(pickFor(strategy, key, candidates, new Set([first]))).toBe(pickFor(strategy, key, withoutFirst));
    }
  });

  it('still answers for candidates that are not on the ring, and for an empty list', () => {
    const strategy = create();
    const strangers = makeCandidates(3).map((c) => ({ ...c, deployment: { ...c.deployment, id: `x-${c.deployment.id}` } }));
    expect(strangers).toContain(strategy.pick(makeRequest({ clientId: 'k' }), strangers, makeContext()));
    expect(strategy.pick(makeRequest(), [], makeContext())).toBeUndefined();
  });

  it('explain marks the deployment the key maps to', () => {
    const strategy = create();
    const req = makeRequest({ clientId: 'explained' });
    const target = strategy.pick(req, candidates, makeContext())!.deployment.id;
    const scores = strategy.explain(req, candidates, makeContext());
    expect(scores[target]).toBe(1);
    expect(Object.values(scores).reduce((s, v) => s + v, 0)).toBe(1);
  });
});
