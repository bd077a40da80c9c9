import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareSummary, MetricName } from '../src/lab/compare-summary.js';
import { compareStrategies } from '../src/lab/compare.js';
import { RANKING_ZONES } from '../src/lab/ranking-rule.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { settledNow, type ValuesSoFar } from '../src/lab/sequential-stopping.js';
import { toStableJson } from '../src/lab/stable-json.js';

const scenario = readScenarioSource(join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml')).scenario;
const STRATEGIES = ['round-robin', 'cost', 'p2c', 'least-connections', 'oracle'];
const CAP = 6, MIN = 2;

/** Every strategy's values truncated to `counts`, as the stopping rule saw them. */
function seenAt(summary: CompareSummary, counts: readonly number[]): ValuesSoFar<MetricName>[] {
  return summary.strategies.map((s, i) => Object.fromEntries(RANKING_ZONES.map(({ metric }) => [metric, s.values[metric].slice(0, counts[i])])) as unknown as ValuesSoFar<MetricName>);
}

describe('sequential compare (lab-tiny)', () => {
  let summary: CompareSummary;
  beforeAll(() => {
    summary = compareStrategies(scenario, { strategies: STRATEGIES, replications: CAP, minReplications: MIN });
  });

  it('says how many replications each strategy got and why it stopped', () => {
    expect(summary.minReplications).toBe(MIN);
    expect(summary.replications).toBe(CAP);
    for (const s of summary.strategies) {
      expect(s.replicationsRun).toBeGreaterThanOrEqual(MIN);
      expect(s.replicationsRun).toBeLessThanOrEqual(CAP);
      expect(s.values.uptime).toHaveLength(s.replicationsRun!);
      if (s.stopReason === 'cap') expect(s.replicationsRun).toBe(CAP);
    }
  });

  it('stops each strategy at the first round where the rule settles it, replaying the rounds from the values', () => {
    const runs = summary.strategies.map((s) => s.replicationsRun!);
    const active = runs.map(() => true);
    const counts = runs.map(() => MIN);
    for (let r = MIN; r <= CAP; r++) {
      const settled = settledNow(seenAt(summary, counts), counts, active, MIN, RANKING_ZONES);
      summary.strategies.forEach((s, i) => {
        if (!active[i]) return;
        if (settled[i]) {
          expect([s.strategy, s.stopReason, runs[i]]).toEqual([s.strategy, 'settled', r]);
          active[i] = false;
        } else if (r === CAP) {
          expect([s.strategy, s.stopReason, runs[i]]).toEqual([s.strategy, 'cap', CAP]);
        } else {
          expect(runs[i], s.strategy).toBeGreaterThan(r);
          counts[i]++;
        }
      });
    }
  });

  it('gives the full run’s values for the replications it ran (common random numbers, same cells)', () => {
    const full = compareStrategies(scenario, { strategies: STRATEGIES, replications: CAP });
    summary.strategies.forEach((s, i) => {
      expect(s.values.uptime).toEqual(full.strategies[i].values.uptime.slice(0, s.replicationsRun));
      expect(s.values.costPer1kSuccessfulUsd).toEqual(full.strategies[i].values.costPer1kSuccessfulUsd.slice(0, s.replicationsRun));
    });
  });

  it('is deterministic for a seed', () => {
    const again = compareStrategies(scenario, { strategies: STRATEGIES, replications: CAP, minReplications: MIN });
    expect(toStableJson(again)).toBe(toStableJson(summary));
  });

  it('with the floor at the cap is the fixed-size comparison, byte for byte', () => {
    const fixed = compareStrategies(scenario, { strategies: ['round-robin', 'cost'], replications: 2 });
    const floorAtCap = compareStrategies(scenario, { strategies: ['round-robin', 'cost'], replications: 2, minReplications: 5 });
    expect(toStableJson(floorAtCap)).toBe(toStableJson(fixed));
  });
});
