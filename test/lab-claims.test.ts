import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/config/load-scenario.js';
import { evaluateClaims, restrictToProviders } from '../src/lab/claims.js';

describe('claims verdicts', () => {
  const base = loadScenarioFile('scenarios/quickstart.yaml');
  const scenario = { ...base, durationS: 300 };

  it('the same strategy on the same providers improves nothing: every relative claim fails exactly at 0%', () => {
    const all = scenario.providers.map((p) => p.id);
    const v = evaluateClaims(scenario, { baselineProviders: all, baselineStrategy: 'round-robin', routedStrategy: 'round-robin', responseTimeImprovement: 0.4, costReduction: 0.3 }, 3, 1);
    expect(v.map((x) => x.held)).toEqual([false, false]);
    for (const x of v) expect(x.measured).toMatch(/^0\.0% /);
  });

  it('a baseline restricted to a provider that goes down is less reliable than routing across all', () => {
    const v = evaluateClaims(scenario, { baselineProviders: ['alpha'], baselineStrategy: 'round-robin', routedStrategy: 'p2c-ewma', successRate: 0.5 }, 2, 1);
    expect(v).toHaveLength(1);
    expect(v[0].held).toBe(true);
    expect(v[0].measured).toMatch(/baseline/);
  });

  it('restricting providers drops fallbacks that could name removed ones', () => {
    const r = restrictToProviders(scenario, ['beta']);
    expect(r.providers.map((p) => p.id)).toEqual(['beta']);
    expect(r.router.fallbacks.default).toEqual({});
  });
});
