import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/config/load-scenario.js';
import type { Scenario } from '../src/config/scenario-schema.js';
import { runScenario } from '../src/sim/run-scenario.js';

/**
 * The `performance` strategy scores deployments from their recent outcomes only, so after an
 * incident a greedy version never sends the recovered provider another request (its window
 * still holds the failures). ε-greedy exploration (the default) must bring it back.
 */
const GRAY = loadScenarioFile('scenarios/gray-failure.yaml');

function primaryShareAfterRecovery(scenario: Scenario): number {
  const run = runScenario(scenario, { strategy: 'performance' });
  const primary = run.deployments.map((d, i) => (d.providerId === 'primary' ? i : -1)).filter((i) => i >= 0);
  const late = run.timeseries.filter((b) => b.tS >= 2_100); // the incident ended at 1,800 s
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const toPrimary = sum(late.map((b) => sum(primary.map((i) => b.attempts[i]))));
  const all = sum(late.map((b) => sum(b.attempts)));
  return toPrimary / all;
}

describe('performance strategy after an incident', () => {
  it('without exploration the recovered primary stays starved; with the default exploration it wins traffic back', () => {
    // The scenario leaves the performance strategy's parameters at their defaults.
    expect(GRAY.router.strategyParams.performance).toBeUndefined();
    const greedy = primaryShareAfterRecovery({
      ...GRAY,
      router: { ...GRAY.router, strategyParams: { ...GRAY.router.strategyParams, performance: { explorationRate: 0 } } },
    });
    const exploring = primaryShareAfterRecovery(GRAY);
    expect(greedy).toBeLessThan(0.05);
    expect(exploring).toBeGreaterThan(0.3);
  });
});
