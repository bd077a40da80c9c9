import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareSummary, MetricName } from '../src/lab/compare-summary.js';
import { METRICS } from '../src/lab/compare-summary.js';
import { aggregateCompare, compareStrategies, planCompare, runCompareCell, type CellResult, type CompareOptions } from '../src/lab/compare.js';
import { LabStoppedError, LabUsageError } from '../src/lab/errors.js';
import { metricValuesOf } from '../src/lab/metric-values.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { toStableJson } from '../src/lab/stable-json.js';
import { meanCi, pairedDiff } from '../src/lab/statistics.js';
import { UnknownStrategyError } from '../src/routing/strategies/registry.js';
import { runScenario } from '../src/sim/run-scenario.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const src = readScenarioSource(FIXTURE);
const scenario = src.scenario;
const STRATEGIES = ['round-robin', 'cost', 'p2c', 'oracle'];
const R = 3;
const metricNames = Object.keys(METRICS) as MetricName[];

describe('compareStrategies on lab-tiny', () => {
  let summary: CompareSummary;
  const arrivals = new Map<string, number>();
  const progress: number[] = [];

  beforeAll(() => {
    summary = compareStrategies(scenario, {
      strategies: STRATEGIES,
      replications: R,
      origin: { file: 'test/fixtures/lab-tiny.yaml', sha256: src.sha256 },
      routesimVersion: '0.0.0-test',
      onRun: (run, cell) => arrivals.set(`${cell.strategy}#${cell.replication}`, run.requests.total),
      onProgress: (f) => progress.push(f),
    });
  });

  it('fills the summary header', () => {
    expect(summary).toMatchObject({
      schemaVersion: 1,
      routesimVersion: '0.0.0-test',
      kind: 'compare',
      seed: '11',
      replications: R,
      baseline: 'round-robin', // the scenario's router.strategy
      scenario: { name: 'lab-tiny', file: 'test/fixtures/lab-tiny.yaml', sha256: src.sha256, durationS: 60, bucketS: 10 },
    });
    expect(src.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.strategies.map((s) => s.strategy)).toEqual(STRATEGIES);
  });

  it('uses common random numbers: equal arrivals across strategies within a replication', () => {
    for (let r = 1; r <= R; r++) {
      const counts = STRATEGIES.map((s) => arrivals.get(`${s}#${r}`));
      expect(new Set(counts).size, `replication ${r}: ${counts.join(', ')}`).toBe(1);
    }
    // ...and independent replications: the counts are not all the same across replications.
    expect(new Set([1, 2, 3].map((r) => arrivals.get(`round-robin#${r}`))).size).toBeGreaterThan(1);
  });

  it('replication r is runScenario with replication r (values in replication order)', () => {
    const run2 = runScenario(scenario, { strategy: 'p2c', replication: 2 });
    const p2c = summary.strategies.find((s) => s.strategy === 'p2c')!;
    const expected = metricValuesOf(run2);
    for (const m of metricNames) {
      expect(p2c.values[m]).toHaveLength(R);
      expect(Object.is(p2c.values[m][1], expected[m]) || p2c.values[m][1] === expected[m], m).toBe(true);
    }
  });

  it('metrics are the Student-t intervals of the values; detect/recover are means over incidents', () => {
    for (const s of summary.strategies) {
      for (const m of metricNames) expect(s.metrics[m]).toEqual(meanCi(s.values[m]));
    }
    const rr = summary.strategies[0];
    const run1 = runScenario(scenario, { strategy: 'round-robin', replication: 1 });
    const detects = run1.incidents.map((i) => i.detectS).filter((x): x is number => x !== undefined);
    expect(detects.length).toBeGreaterThan(0);
    expect(rr.values.meanDetectS[0]).toBeCloseTo(detects.reduce((a, b) => a + b, 0) / detects.length, 12);
    // The oracle never has to detect anything: undefined, i.e. NaN with n = 0.
    const oracle = summary.strategies.find((s) => s.strategy === 'oracle')!;
    expect(oracle.metrics.meanDetectS.n).toBe(0);
  });

  it('baseline has no diffs; others are paired diffs; a baseline against itself is exactly zero', () => {
    const base = summary.strategies.find((s) => s.strategy === 'round-robin')!;
    expect(base.vsBaseline).toBeUndefined();
    for (const s of summary.strategies.filter((x) => x !== base)) {
      for (const m of metricNames) expect(s.vsBaseline![m]).toEqual(pairedDiff(s.values[m], base.values[m]));
    }
    for (const m of metricNames) {
      const self = pairedDiff(base.values[m], base.values[m]);
      if (self.n === 0) continue; // metric undefined in every replication
      expect(self, m).toEqual({ mean: 0, lo: 0, hi: 0, significant: false, n: self.n });
    }
  });

  it('swapping the baseline negates the differences exactly', () => {
    const other = compareStrategies(scenario, { strategies: ['round-robin', 'cost'], replications: R, baseline: 'cost' });
    const costVsRr = summary.strategies.find((s) => s.strategy === 'cost')!.vsBaseline!;
    const rrVsCost = other.strategies.find((s) => s.strategy === 'round-robin')!.vsBaseline!;
    for (const m of metricNames) {
      if (Number.isNaN(costVsRr[m].mean)) continue;
      expect(rrVsCost[m].mean + costVsRr[m].mean, m).toBe(0); // exact negation (±0 aside)
      expect(rrVsCost[m].significant, m).toBe(costVsRr[m].significant);
    }
  });

  it('oracle gap is present for every strategy but the oracle', () => {
    const oracle = summary.strategies.find((s) => s.strategy === 'oracle')!;
    expect(oracle.oracleGap).toBeUndefined();
    for (const s of summary.strategies.filter((x) => x !== oracle)) {
      for (const m of metricNames) {
        const gap = s.oracleGap![m];
        const direct = pairedDiff(s.values[m], oracle.values[m]).mean;
        expect(Object.is(gap, direct) || gap === direct, m).toBe(true);
      }
    }
    const noOracle = compareStrategies(scenario, { strategies: ['round-robin', 'cost'], replications: 1 });
    expect(noOracle.strategies.every((s) => s.oracleGap === undefined)).toBe(true);
  });

  it('ranks on paired comparisons (uptime, cost per 1k, p99 over all requests); Pareto flags non-dominated strategies above the floor', () => {
    const sorted = [...summary.strategies].sort((a, b) => a.rank - b.rank);
    expect(sorted[0].rank).toBe(1);
    const deployableSorted = sorted.filter((s) => !s.bound);
    for (const [i, a] of deployableSorted.entries()) {
      for (const b of deployableSorted.slice(i + 1)) {
        const dims = ['uptime', 'costPer1kSuccessfulUsd', 'latencyAllP99Ms'] as const;
        if (a.rank === b.rank) {
          // Sharing a rank means the paired test separates them on no ranking metric.
          for (const m of dims) expect(pairedDiff(a.values[m], b.values[m]).significant, `${a.strategy} vs ${b.strategy} on ${m}`).toBe(false);
        } else {
          // Ranked above: never significantly worse on uptime, the first ranking metric.
          const d = pairedDiff(a.values.uptime, b.values.uptime);
          expect(d.significant && d.mean < 0, `${a.strategy} above ${b.strategy}`).toBe(false);
        }
      }
    }
    expect(summary.rankGroups?.flat().sort()).toEqual([...STRATEGIES].sort());
    // The front is over deployable strategies at or above the floor: a ground-truth bound (oracle) never joins it.
    const floor = scenario.metrics.availabilityFloor ?? scenario.metrics.sloSuccessRate;
    const eligible = summary.strategies.filter((s) => !s.bound && s.metrics.successRate.mean >= floor);
    const key = (x: CompareSummary['strategies'][number]) =>
      [x.metrics.costPer1kSuccessfulUsd.mean, -x.metrics.uptime.mean, -x.metrics.sloAttainment.mean, x.metrics.latencyAllP99Ms.mean];
    const dominated = (x: CompareSummary['strategies'][number]) =>
      eligible.some((y) => y !== x && key(y).every((v, k) => v <= key(x)[k]) && key(y).some((v, k) => v < key(x)[k]));
    for (const s of summary.strategies) expect(s.pareto, s.strategy).toBe(eligible.includes(s) && !dominated(s));
    for (const s of summary.strategies) expect(s.bound === true, s.strategy).toBe(s.strategy === 'oracle');
    // Only strategies at or above the floor are on the front (the floor test below forces one under it).
    for (const s of summary.strategies) if (s.pareto) expect(s.metrics.successRate.mean, s.strategy).toBeGreaterThanOrEqual(floor);
    expect(summary.rankGroups?.[0]).toEqual(['oracle']);
  });

  it('a strategy below the availability floor is never Pareto-optimal and ranks after every strategy above it', () => {
    // Floor 0.8: cost (≈65% success: it keeps sending to the cheap provider during its outage) is below it.
    const floor80 = { ...scenario, metrics: { ...scenario.metrics, availabilityFloor: 0.8 } };
    const s80 = compareStrategies(floor80, { strategies: STRATEGIES, replications: R });
    const cost = s80.strategies.find((s) => s.strategy === 'cost')!;
    expect(cost.metrics.successRate.mean).toBeLessThan(0.8);
    expect(cost.meetsFloor).toBe(false);
    expect(cost.pareto).toBe(false);
    for (const s of s80.strategies.filter((x) => x.meetsFloor)) expect(s.rank, s.strategy).toBeLessThan(cost.rank);
    expect(s80.rules).toEqual({ availabilityFloor: 0.8, latencyTargetMs: 10_000, failurePenaltyMs: 20_000, quantileRelativeError: 0.01 });
    // A low floor lets the same numbers onto the front: the floor alone kept cost off it.
    const floor50 = { ...scenario, metrics: { ...scenario.metrics, availabilityFloor: 0.5 } };
    const s50 = compareStrategies(floor50, { strategies: STRATEGIES, replications: R });
    expect(s50.strategies.filter((s) => s.pareto).map((s) => s.strategy).sort().length).toBeGreaterThan(0);
  });

  it('detects strategies that made the same decisions on every request, and only those', () => {
    const s = compareStrategies(scenario, { strategies: ['cost', 'cheapest-healthy', 'hybrid', 'round-robin', 'p2c', 'random', 'weighted-random'], replications: 2 });
    // On lab-tiny (one model per provider, equal weights) these are one choice under several names.
    expect(s.sameDecisions).toEqual([['cost', 'cheapest-healthy', 'hybrid'], ['random', 'weighted-random']]);
    // Same decisions ⇒ the same numbers ⇒ the same rank group.
    for (const set of s.sameDecisions!) expect(s.rankGroups!.some((g) => set.every((n) => g.includes(n)))).toBe(true);
    for (const set of s.sameDecisions!) {
      const [first, ...rest] = set.map((n) => s.strategies.find((x) => x.strategy === n)!);
      for (const other of rest) expect(toStableJson(other.values)).toBe(toStableJson(first.values));
    }
  });

  it('counts a failed request at its cost in latency over all requests, never below the penalty', () => {
    for (const s of summary.strategies) {
      for (let r = 0; r < R; r++) {
        // More than 1% of requests failed in these runs: their p99 over all requests is the 20 s deadline (to the sketch's 1%).
        if (s.values.successRate[r] < 0.99) expect(s.values.latencyAllP99Ms[r], s.strategy).toBeCloseTo(20_000, -2);
        expect(s.values.latencyAllP99Ms[r]).toBeGreaterThanOrEqual(s.values.latencyP99Ms[r] * 0.98);
        expect(s.values.sloAttainment[r]).toBeLessThanOrEqual(s.values.successRate[r]);
      }
    }
  });

  it('keeps replication 1 as the chart sample', () => {
    for (const s of summary.strategies) {
      expect(s.sample.timeseries).toHaveLength(6); // 60 s in 10 s buckets
      expect(s.sample.deploymentIds).toEqual(['cheap/small', 'fast/small']);
      const qs = s.sample.latencyCdf.map((p) => p.q);
      expect(qs.length).toBeGreaterThan(20); // dense CDF from the run's quantile sketch
      expect(qs[0]).toBeLessThan(0.01);
      expect(qs[qs.length - 1]).toBe(1);
      expect([...qs].sort((a, b) => a - b)).toEqual(qs);
      const ms = s.sample.latencyCdf.map((p) => p.ms);
      expect([...ms].sort((a, b) => a - b)).toEqual(ms);
      expect(s.sample.incidents).toHaveLength(1);
      expect(s.sample.timeseries.reduce((n, b) => n + b.arrivals, 0)).toBe(arrivals.get(`${s.strategy}#1`));
    }
  });

  it('reports progress that only grows and ends at 1', () => {
    expect(progress.length).toBeGreaterThan(STRATEGIES.length * R);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(progress.at(-1)).toBe(1);
  });

  it('gives the same aggregate whatever order the runs execute in', () => {
    const opts: CompareOptions = { strategies: STRATEGIES, replications: R, origin: { file: 'test/fixtures/lab-tiny.yaml', sha256: src.sha256 }, routesimVersion: '0.0.0-test' };
    const plan = planCompare(scenario, opts);
    const cellsToRun = STRATEGIES.flatMap((_, s) => [1, 2, 3].map((r) => ({ s, r })));
    // A fixed shuffle: replication 3 first, strategies interleaved backwards.
    const order = [...cellsToRun].sort((a, b) => b.r - a.r || b.s - a.s);
    const cells: CellResult[][] = STRATEGIES.map(() => []);
    for (const { s, r } of order) cells[s][r - 1] = runCompareCell(plan, STRATEGIES[s], r).cell;
    expect(toStableJson(aggregateCompare(plan, cells))).toBe(toStableJson(summary));
  });

  it('is deterministic: the same call gives the same bytes', () => {
    const again = compareStrategies(scenario, { strategies: STRATEGIES, replications: R, origin: { file: 'test/fixtures/lab-tiny.yaml', sha256: src.sha256 }, routesimVersion: '0.0.0-test' });
    expect(toStableJson(again)).toBe(toStableJson(summary));
  });
});

describe('compareStrategies: requests it refuses and stops', () => {
  it('rejects unknown strategies, duplicates, a baseline not compared, bad replications', () => {
    expect(() => compareStrategies(scenario, { strategies: ['round-robn'] })).toThrow(UnknownStrategyError);
    expect(() => compareStrategies(scenario, { strategies: ['p2c', 'p2c'] })).toThrow(/listed twice/);
    expect(() => compareStrategies(scenario, { strategies: ['p2c'], baseline: 'cost' })).toThrow(LabUsageError);
    expect(() => compareStrategies(scenario, { strategies: ['p2c'], replications: 0 })).toThrow(/replications/);
    expect(() => compareStrategies(scenario, { strategies: ['p2c'], replications: 1.5 })).toThrow(/replications/);
  });

  it('defaults the baseline to the first strategy when the scenario strategy is not compared', () => {
    const s = compareStrategies(scenario, { strategies: ['cost', 'p2c'], replications: 1 });
    expect(s.baseline).toBe('cost');
  });

  it('stops between runs with LabStoppedError when asked', () => {
    let runs = 0;
    let error: unknown;
    try {
      compareStrategies(scenario, { strategies: ['round-robin', 'p2c'], replications: 3, onRun: () => runs++, shouldStop: () => runs >= 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabStoppedError);
    expect(error).toMatchObject({ completedRuns: 3, totalRuns: 6 });
  });

  it('never aggregates a run that was cut short by the stop flag', () => {
    let polls = 0;
    // Let the first poll (before the first run) pass, then stop inside the run.
    const shouldStop = () => ++polls > 1;
    expect(() => compareStrategies(scenario, { strategies: ['round-robin'], replications: 1, shouldStop })).toThrow(LabStoppedError);
  });
});
