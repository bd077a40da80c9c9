import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, formatScenarioError } from '../src/config/scenario-error.js';
import { SweepSetError } from '../src/lab/errors.js';
import { metricValuesOf } from '../src/lab/metric-values.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { meanCi } from '../src/lab/statistics.js';
import { buildSweepPoints, sweepScenario } from '../src/lab/sweep.js';
import { parseSetArgs } from '../src/lab/sweep-settings.js';
import { runScenario } from '../src/sim/run-scenario.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const src = readScenarioSource(FIXTURE);

describe('sweep on lab-tiny', () => {
  const axes = parseSetArgs(['traffic.arrivals.ratePerS=2,4', 'providers.0.capacity.maxConcurrent=2,4,8']);
  const { base, points } = buildSweepPoints(src.text, src.file, axes);

  it('builds the grid and applies each setting to the scenario', () => {
    expect(points).toHaveLength(6);
    expect(points.map((p) => [p.scenario.traffic.arrivals, p.scenario.providers[0].capacity.maxConcurrent])).toEqual([
      [{ kind: 'poisson', ratePerS: 2 }, 2],
      [{ kind: 'poisson', ratePerS: 2 }, 4],
      [{ kind: 'poisson', ratePerS: 2 }, 8],
      [{ kind: 'poisson', ratePerS: 4 }, 2],
      [{ kind: 'poisson', ratePerS: 4 }, 4],
      [{ kind: 'poisson', ratePerS: 4 }, 8],
    ]);
    // Everything not swept stays as in the file.
    for (const p of points) expect({ ...p.scenario, traffic: base.traffic, providers: base.providers }).toEqual(base);
  });

  it('runs grid × strategies with the per-point intervals of direct runs', () => {
    const summary = sweepScenario(base, points, { axes, strategies: ['round-robin', 'p2c'], replications: 2, origin: { file: src.file, sha256: src.sha256 } });
    expect(summary.kind).toBe('sweep');
    expect(summary.points).toHaveLength(6 * 2);
    expect(summary.axes).toEqual([
      { path: 'traffic.arrivals.ratePerS', values: [2, 4] },
      { path: 'providers.0.capacity.maxConcurrent', values: [2, 4, 8] },
    ]);
    expect(summary.points[3]).toMatchObject({ settings: { 'traffic.arrivals.ratePerS': 2, 'providers.0.capacity.maxConcurrent': 4 }, strategy: 'p2c' });
    // Point (rate 4, maxConcurrent 4) with p2c is the interval of two direct runs of that scenario.
    const p = summary.points.find((x) => x.settings['traffic.arrivals.ratePerS'] === 4 && x.settings['providers.0.capacity.maxConcurrent'] === 4 && x.strategy === 'p2c')!;
    const direct = [1, 2].map((r) => metricValuesOf(runScenario(points[4].scenario, { strategy: 'p2c', replication: r })));
    expect(p.metrics.successRate).toEqual(meanCi(direct.map((v) => v.successRate)));
    expect(p.metrics.costTotalUsd).toEqual(meanCi(direct.map((v) => v.costTotalUsd)));
    expect(p.metrics.costTotalUsd.n).toBe(2);
  });

  it('defaults to the scenario strategy at each point (which may itself be swept)', () => {
    const ax = parseSetArgs(['router.strategy=cost,p2c']);
    const built = buildSweepPoints(src.text, src.file, ax);
    const summary = sweepScenario(built.base, built.points, { axes: ax, replications: 1 });
    expect(summary.points.map((p) => p.strategy)).toEqual(['cost', 'p2c']);
  });

  it('names an unknown path clearly, before anything runs', () => {
    const bad = parseSetArgs(['traffic.arrivals.rate=1,2']);
    expect(() => buildSweepPoints(src.text, src.file, bad)).toThrow(SweepSetError);
    expect(() => buildSweepPoints(src.text, src.file, bad)).toThrow(
      "--set traffic.arrivals.rate: unknown path: traffic.arrivals has no setting 'rate'",
    );
    expect(() => buildSweepPoints(src.text, src.file, parseSetArgs(['providers.7.weight=1']))).toThrow(/providers has 2 items/);
  });

  it('reports a bad value as the normal ScenarioError with its path', () => {
    let error: unknown;
    try {
      buildSweepPoints(src.text, src.file, parseSetArgs(['traffic.arrivals.ratePerS=3,-1']));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    expect(e.path).toEqual(['traffic', 'arrivals', 'ratePerS']);
    expect(formatScenarioError(e)).toMatch(/traffic\.arrivals\.ratePerS: .*set by override/);
  });

  it('accepts provider ids in paths', () => {
    const built = buildSweepPoints(src.text, src.file, parseSetArgs(['providers.fast.capacity.maxConcurrent=3']));
    expect(built.points[0].scenario.providers[1].capacity.maxConcurrent).toBe(3);
  });
});
