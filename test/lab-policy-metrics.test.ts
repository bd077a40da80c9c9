import { describe, expect, it } from 'vitest';
import { formatCompareTable } from '../src/cli/format-compare.js';
import { scenarioSchema } from '../src/config/scenario-schema.js';
import { compareStrategies } from '../src/lab/compare.js';
import { runScenario } from '../src/sim/run-scenario.js';

/** Budgets and tenants reach `compare`: per strategy, a mean and CI over replications of what each run reported. */
const scenario = scenarioSchema.parse({
  name: 'policies', seed: 5, durationS: 600, replications: 3,
  traffic: { arrivals: { kind: 'poisson', ratePerS: 4 }, inputTokens: 1_000, outputTokens: 200, tenants: { a: 3, b: 1 } },
  providers: [
    { id: 'p', models: [{ id: 'm', inputUsdPerMTok: 3, outputUsdPerMTok: 15 }] },
    { id: 'q', models: [{ id: 'm', inputUsdPerMTok: 0.5, outputUsdPerMTok: 1 }] },
  ],
  router: {
    strategy: 'priority',
    budgets: [{ name: 'p-minute', scope: 'provider', match: 'p', limitUsd: 0.5, window: 'minute' }],
    tenantLimits: { tenants: { a: { window: 'minute', requests: 120 } } },
  },
});

describe('compare with budgets and tenants', () => {
  it('aggregates each budget and tenant figure across replications, exactly as the runs reported them', () => {
    const summary = compareStrategies(scenario, { strategies: ['priority'], replications: 3 });
    const runs = [1, 2, 3].map((r) => runScenario(scenario, { replication: r }));
    const m = summary.strategies[0].policyMetrics!;
    const forecast = m['budget p-minute: runs out after (s into its minute)'];
    const perRun = runs.map((r) => r.budgets![0].runsOutAfterS);
    expect(forecast.n).toBe(3);
    expect(forecast.mean).toBeCloseTo(perRun.reduce((x, y) => x + y) / 3, 9);
    expect(forecast.lo).toBeLessThan(forecast.mean);
    expect(m['budget p-minute: windows run out'].mean).toBeCloseTo(runs.reduce((x, r) => x + r.budgets![0].exhaustions.length, 0) / 3, 9);
    expect(m['tenant b: success rate'].mean).toBeCloseTo(runs.reduce((x, r) => x + r.tenants!.perTenant[1].successRate, 0) / 3, 9);
    // Tenant a sends ~3 requests/s against a limit of 2/s: about a third refused; b is never limited.
    expect(m['tenant a: success rate'].mean).toBeGreaterThan(0.55);
    expect(m['tenant a: success rate'].mean).toBeLessThan(0.75);
    expect(m['tenant b: success rate'].mean).toBeGreaterThan(0.99);
    expect(runs[0].budgets![0].exhaustions.length).toBeGreaterThan(5);
    expect(formatCompareTable(summary)).toContain("Jain's index over tenants' requests served");
  });

  it('a scenario without budgets or tenants has no policy block (its summary keeps its bytes)', () => {
    const plain = scenarioSchema.parse({ ...scenario, traffic: { ...scenario.traffic, tenants: undefined }, router: { strategy: 'priority' } });
    const summary = compareStrategies(plain, { strategies: ['priority'], replications: 2 });
    expect('policyMetrics' in summary.strategies[0]).toBe(false);
    const run = runScenario(plain);
    expect('budgets' in run || 'tenants' in run).toBe(false);
    expect(formatCompareTable(summary)).not.toContain('budgets and tenants');
  });
});

describe('the compare report with budgets and tenants', () => {
  it('has a "Budgets and tenants" section whose cells are the summary figures', async () => {
    const { compareDocument } = await import('../src/report/report-document.js');
    const summary = compareStrategies(scenario, { strategies: ['priority'], replications: 2 });
    const section = compareDocument(summary, []).sections.find((s) => s.id === 'budgets-and-tenants')!;
    const table = section.blocks.find((b) => b.kind === 'table');
    expect(table?.kind).toBe('table');
    const rows = table!.kind === 'table' ? table!.table.rows : [];
    const jain = rows.find((r) => r[0].text === "Jain's index over tenants' requests served")!;
    expect(jain[1].text).toBe(summary.strategies[0].policyMetrics!["Jain's index over tenants' requests served"].mean.toFixed(3));
    const plain = compareStrategies(scenarioSchema.parse({ ...scenario, traffic: { ...scenario.traffic, tenants: undefined }, router: { strategy: 'priority' } }), { strategies: ['priority'], replications: 2 });
    expect(compareDocument(plain, []).sections.some((s) => s.id === 'budgets-and-tenants')).toBe(false);
  });
});
