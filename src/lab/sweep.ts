import { parseScenarioText } from '../config/load-scenario.js';
import type { Scenario } from '../config/scenario-schema.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { createStrategy } from '../routing/strategies/registry.js';
import { strategyParamsFor } from '../sim/run-scenario.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import { checkReplications, runCompareCell, type ScenarioOrigin } from './compare.js';
import { SUMMARY_SCHEMA_VERSION, type MetricCi, type MetricName, type SweepSummary } from './compare-summary.js';
import { metricNames } from './metric-values.js';
import { RunCounter, runStepsAsync, runStepsSync, type LabSteps, type RunControl } from './run-steps.js';
import { meanCi } from './statistics.js';
import { checkStrategyNames } from './strategy-list.js';
import { checkSetPath, sweepGrid, type SettingValue, type SweepAxis } from './sweep-settings.js';

/**
 * Parameter sweeps: the cartesian grid of `--set` values × strategies × replications. Every
 * grid point is the scenario file with the settings applied to its raw value and validated
 * again by the scenario loader, so a bad value fails like a bad value in the file would
 * (ScenarioError naming the path, marked as set by the override). Replication r uses the
 * same seed at every point, so points differ only by their settings (common random numbers).
 */

export interface SweepPoint {
  readonly settings: Record<string, SettingValue>;
  readonly scenario: Scenario;
}

/** Builds and validates every grid point before anything runs. */
export function buildSweepPoints(text: string, file: string, axes: readonly SweepAxis[]): { base: Scenario; points: SweepPoint[] } {
  const base = parseScenarioText(text, file);
  const raw = parseYamlSource(text, file).value;
  for (const axis of axes) checkSetPath(raw, axis.path);
  const points = sweepGrid(axes).map((settings) => ({ settings, scenario: parseScenarioText(text, file, { overrides: settings }) }));
  return { base, points };
}

export interface SweepOptions extends RunControl {
  readonly axes: readonly SweepAxis[];
  /** Default: each point's own router.strategy. */
  readonly strategies?: readonly string[];
  /** Default: the base scenario's `replications`. */
  readonly replications?: number;
  /** Default: the base scenario's seed. */
  readonly seed?: number | string;
  readonly origin?: ScenarioOrigin;
  readonly routesimVersion?: string;
}

function strategiesAt(point: SweepPoint, opts: SweepOptions): readonly string[] {
  return opts.strategies ?? [point.scenario.router.strategy];
}

export function* sweepSteps(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions): LabSteps<SweepSummary> {
  if (opts.strategies !== undefined) checkStrategyNames(opts.strategies);
  // Fail on a strategy param this point's scenario rejects now, not after hours of runs.
  for (const p of points) {
    const deployments = buildDeployments(p.scenario);
    for (const name of strategiesAt(p, opts)) createStrategy(name, strategyParamsFor(p.scenario, name), { deployments });
  }
  const replications = checkReplications(opts.replications ?? base.replications);
  const seed = opts.seed ?? base.seed;
  const total = points.reduce((n, p) => n + strategiesAt(p, opts).length * replications, 0);
  const counter = new RunCounter(total, opts);
  const out: SweepSummary['points'][number][] = [];
  for (const [i, point] of points.entries()) {
    for (const strategy of strategiesAt(point, opts)) {
      const values = Object.fromEntries(metricNames().map((m) => [m, [] as number[]])) as Record<MetricName, number[]>;
      for (let r = 1; r <= replications; r++) {
        yield;
        counter.checkStop();
        const detail = `point ${i + 1}/${points.length} ${strategy} ${r}/${replications}`;
        const { cell } = runCompareCell({ scenario: point.scenario, seed }, strategy, r, { onProgress: counter.progressFor(detail), shouldStop: opts.shouldStop });
        counter.checkStop();
        for (const m of metricNames()) values[m].push(cell.values[m]);
        counter.finishRun(detail);
      }
      const metrics = Object.fromEntries(metricNames().map((m) => [m, meanCi(values[m])])) as Record<MetricName, MetricCi>;
      out.push({ settings: point.settings, strategy, metrics });
    }
  }
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    routesimVersion: opts.routesimVersion ?? '',
    kind: 'sweep',
    scenario: {
      name: base.name,
      description: base.description,
      file: opts.origin?.file ?? '',
      sha256: opts.origin?.sha256 ?? '',
      durationS: base.durationS,
      bucketS: base.metrics.bucketS,
    },
    seed: String(seed),
    replications,
    axes: opts.axes.map((a) => ({ path: a.path, values: [...a.values] })),
    points: out,
  };
}

export function sweepScenario(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions): SweepSummary {
  return runStepsSync(sweepSteps(base, points, opts));
}

export function sweepScenarioAsync(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions, pause: () => Promise<void>): Promise<SweepSummary> {
  return runStepsAsync(sweepSteps(base, points, opts), pause);
}
