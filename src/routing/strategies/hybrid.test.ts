import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, Candidate } from '../types.js';
import { StrategyParamsError } from './errors.js';
import { createStrategy, getStrategy } from './registry.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const req = makeRequest({ qualityTier: 'low', inputTokens: 1_000, expectedOutputTokens: 0 });
// Prices make 'cheap' the cost pick; stats make 'fast' the performance pick.
const cheapD = makeDeployment('cheap/m', { inputUsdPerMTok: 0.1, weight: 1 });
const fastD = makeDeployment('fast/m', { inputUsdPerMTok: 5, weight: 2 });
const okD = makeDeployment('ok/m', { inputUsdPerMTok: 1, weight: 1 });
const deployments = [cheapD, fastD, okD];
const stats = {
  cheap: { windowCount: 10, windowSuccessRate: 0.5, windowMeanLatencyMs: 5_000 },
  fast: { windowCount: 10, windowSuccessRate: 1, windowMeanLatencyMs: 500 },
  ok: { windowCount: 10, windowSuccessRate: 0.9, windowMeanLatencyMs: 2_000 },
};
const view = (health: Record<'cheap' | 'fast' | 'ok', 'healthy' | 'degraded'>): Candidate[] => [
  makeCandidate(cheapD, stats.cheap, health.cheap),
  makeCandidate(fastD, stats.fast, health.fast),
  makeCandidate(okD, stats.ok, health.ok),
];
const create = (params: unknown = {}) => createStrategy('hybrid', params, { deployments });
const idOf = (c: Candidate | undefined) => c?.deployment.id;

describe('hybrid strategy', () => {
  it('takes the cost pick when that deployment is healthy', () => {
    expect(idOf(create().pick(req, view({ cheap: 'healthy', fast: 'healthy', ok: 'healthy' }), makeContext()))).toBe('cheap/m');
  });

  it('when the cost pick is degraded, takes the best performer among the healthy', () => {
    expect(idOf(create().pick(req, view({ cheap: 'degraded', fast: 'healthy', ok: 'healthy' }), makeContext()))).toBe('fast/m');
    expect(idOf(create().pick(req, view({ cheap: 'degraded', fast: 'degraded', ok: 'healthy' }), makeContext()))).toBe('ok/m');
  });

  it('with no healthy candidate, uses the load balancer (weighted round robin by default)', () => {
    const strategy = create();
    const allDegraded = view({ cheap: 'degraded', fast: 'degraded', ok: 'degraded' });
    const ids = Array.from({ length: 4 }, () => idOf(strategy.pick(req, allDegraded, makeContext())));
    expect(ids).toEqual(['fast/m', 'cheap/m', 'ok/m', 'fast/m']); // weights 1, 2, 1
    const rr = create({ loadBalancer: 'round-robin' });
    expect([1, 2, 3].map(() => idOf(rr.pick(req, allDegraded, makeContext())))).toEqual(['cheap/m', 'fast/m', 'ok/m']);
  });

  it('forwards outcomes to its stages (an adaptive load balancer learns)', () => {
    const strategy = create({ loadBalancer: 'adaptive' });
    const failure: AttemptOutcome = { kind: 'server-error', latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    for (let i = 0; i < 100; i++) strategy.observe!('cheap/m', failure, 0); // weight → floor 0.1
    const allDegraded = view({ cheap: 'degraded', fast: 'degraded', ok: 'degraded' });
    let toCheap = 0;
    for (let i = 0; i < 210; i++) if (idOf(strategy.pick(req, allDegraded, makeContext())) === 'cheap/m') toCheap++;
    expect(Math.abs(toCheap - 10)).toBeLessThanOrEqual(1); // weights 0.1 : 1 : 1 over 210 picks
  });

  it('passes stage params through and reports their errors under hybrid’s own paths', () => {
    const withBudget = create({ cost: { tokensPerWord: 2 } });
    expect(withBudget.explain!(makeRequest({ inputTokens: 0, expectedOutputTokens: 0, promptText: 'a b' }), view({ cheap: 'healthy', fast: 'healthy', ok: 'healthy' }), makeContext())['cheap/m']).toBeCloseTo(0.4e-6, 15);
    const errorOf = (params: unknown) => {
      try {
        create(params);
      } catch (error) {
        return error as StrategyParamsError;
      }
      throw new Error('expected an error');
    };
    expect(errorOf({ cost: { tokensPerWord: -1 } })).toMatchObject({ strategy: 'hybrid', path: 'cost.tokensPerWord' });
    expect(errorOf({ loadBalancerParams: { bogus: 1 } })).toMatchObject({ path: 'loadBalancerParams.bogus' });
    const unknown = errorOf({ loadBalancer: 'round-robbin' });
    expect(unknown).toBeInstanceOf(StrategyParamsError);
    expect(unknown.path).toBe('loadBalancer');
    expect(unknown.message).toContain("Did you mean 'round-robin'?");
    expect(errorOf({ loadBalancer: 'hybrid' }).path).toBe('loadBalancer');
  });

  it('its schema alone validates the stages’ params (so `validate` reports them at load time)', () => {
    const schema = getStrategy('hybrid').paramsSchema;
    const paths = (params: unknown) => {
      const result = schema.safeParse(params);
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({})).toEqual([]);
    expect(paths({ loadBalancer: 'p2c-ewma', loadBalancerParams: { unknownLatencyMs: 5 } })).toEqual([]);
    expect(paths({ cost: { tokensPerWord: -1 } })).toEqual(['cost.tokensPerWord']);
    expect(paths({ performance: { nope: 1 } })).toEqual(['performance.nope']);
    expect(paths({ loadBalancer: 'consistent-hash', loadBalancerParams: { virtualNodes: 0 } })).toEqual([
      'loadBalancerParams.virtualNodes',
    ]);
    expect(paths({ loadBalancer: 'nope' })).toEqual(['loadBalancer']);
  });
});

describe('hybrid strategy, healthy members kept per pool and health version', () => {
  it('property: picks what the same strategy picks from fresh copies without a health version, flags flipping in place (model-based, 200 runs)', () => {
    const N = 8;
    type Op = { kind: 'pick'; retry: boolean; tokens: number } | { kind: 'flip'; d: number } | { kind: 'pool'; members: number[] };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('pick' as const), retry: fc.boolean(), tokens: fc.constantFrom(10, 1_000, 20_000) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('flip' as const), d: fc.integer({ min: 0, max: N - 1 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('pool' as const), members: fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N }) }) },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0.1, 1, 1, 5), { minLength: N, maxLength: N }), fc.array(op, { minLength: 1, maxLength: 200 }), (prices, ops) => {
        const ds = prices.map((p, i) => makeDeployment(`p${i}/m`, { inputUsdPerMTok: p, weight: 1 + (i % 3) }));
        const all = ds.map((d, i) => makeCandidate(d, { windowCount: 10, windowSuccessRate: 0.5 + (i % 4) / 8, windowMeanLatencyMs: 500 * (1 + (i % 3)) }, i % 2 === 0 ? 'degraded' : 'healthy'));
        const indexed = createStrategy('hybrid', {}, { deployments: ds });
        const scanning = createStrategy('hybrid', {}, { deployments: ds });
        let pool = all;
        let version = 0;
        for (const o of ops) {
          if (o.kind === 'flip') {
            // As the router's panic pool: the same array, a flag changed in place, the version moves.
            const c = all[o.d] as { health: 'healthy' | 'degraded' };
            c.health = c.health === 'healthy' ? 'degraded' : 'healthy';
            version++;
          } else if (o.kind === 'pool') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
          else {
            const r = makeRequest({ qualityTier: 'low', inputTokens: o.tokens, expectedOutputTokens: 0 });
            const tried = new Set(o.retry ? [pool[0].deployment.id] : []);
            const want = scanning.pick(r, [...pool], makeContext({ tried, attempt: tried.size }, version));
            const got = indexed.pick(r, pool, makeContext({ tried, attempt: tried.size, healthVersion: version }, version));
            if (got?.deployment.id !== want?.deployment.id) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
