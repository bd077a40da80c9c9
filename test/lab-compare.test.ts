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

  it('ranks by uptime, then cost per 1k, then p99; Pareto flags non-dominated strategies', () => {
    const sorted = [...summary.strategies].sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1].metrics;
      const b = sorted[i].metrics;
      expect(a.uptime.mean).toBeGreaterThanOrEqual(b.uptime.mean);
      if (a.uptime.mean === b.uptime.mean) expect(a.costPer1kSuccessfulUsd.mean).toBeLessThanOrEqual(b.costPer1kSuccessfulUsd.mean);
    }
    expect(sorted[0].rank).toBe(1);
    // The front is over deployable strategies: a ground-truth bound (oracle) never joins it.
    const deployable = summary.strategies.filter((s) => !s.bound);
    const dominated = (x: CompareSummary['strategies'][number]) =>
      deployable.some((y) => {
        const [cx, ux, px] = [x.metrics.costPerRequestUsd.mean, x.metrics.uptime.mean, x.metrics.latencyP99Ms.mean];
        const [cy, uy, py] = [y.metrics.costPerRequestUsd.mean, y.metrics.uptime.mean, y.metrics.latencyP99Ms.mean];
        return y !== x && cy <= cx && uy >= ux && py <= px && (cy < cx || uy > ux || py < px);
      });
    for (const s of summary.strategies) expect(s.pareto, s.strategy).toBe(!s.bound && !dominated(s));
    for (const s of summary.strategies) expect(s.bound === true, s.strategy).toBe(s.strategy === 'oracle');
    expect(summary.strategies.some((s) => s.pareto)).toBe(true);
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
