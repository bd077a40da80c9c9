import { parseScenarioText } from '../config/load-scenario.js';
import type { Scenario } from '../config/scenario-schema.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { createStrategy } from '../routing/strategies/registry.js';
import { strategyParamsFor } from '../sim/run-scenario.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import { checkReplications, type CellResult, type ScenarioOrigin } from './compare.js';
import { SUMMARY_SCHEMA_VERSION, type MetricCi, type MetricName, type SweepSummary } from './compare-summary.js';
import { metricNames } from './metric-values.js';
import { runStepsSync, type LabSteps, type RunControl } from './run-steps.js';
import { jobSteps } from './pool/job-steps.js';
import { cellOf, type CellJob, type LabPlan } from './pool/lab-job.js';
import { meanCi } from './statistics.js';
import { checkStrategyNames } from './strategy-list.js';
import { checkSetPath, sweepGrid, type SettingValue, type SweepAxis } from './sweep-settings.js';
import { parse } from 'yaml';
import { parseOverridePath } from '../config/overrides.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { scenarioSchema } from '../config/scenario-schema.js';
import { allowedKeysAt } from '../config/schema-keys.js';
import { SweepSetError } from './errors.js';

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

/** Builds and validates every grid point before anything runs; `base`, when given, is `text` already validated. */
export function buildSweepPoints(text: string, file: string, axes: readonly SweepAxis[], base: Scenario = parseScenarioText(text, file)): { base: Scenario; points: SweepPoint[] } {
  const raw = parseYamlSource(text, file).value;
  for (const axis of axes) checkSetPath(raw, axis.path);
  const points = sweepGrid(axes).map((settings) => ({ settings, scenario: parseScenarioText(text, file, { overrides: overridesOf(raw, settings) }) }));
  return { base, points };
}

/**
 * What each setting sets: a value written as a YAML flow mapping or list (`{openMs: 5000}`)
 * is that object (the summary keeps its text as the label); `true` on a setting that is off or a
 * mapping (`router.circuitBreaker=false,true`) means on: the scenario's own mapping there, or
 * the defaults (`{}`).
 */
export function overridesOf(raw: unknown, settings: Record<string, SettingValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(settings)) {
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) out[path] = parseFlowValue(path, value);
    else if (value === true && acceptsMapping(raw, path)) out[path] = mappingAt(raw, path) ?? {};
    else out[path] = value;
  }
  return out;
}

function parseFlowValue(path: string, text: string): unknown {
  try {
    return parse(text);
  } catch (e) {
    throw new SweepSetError(path, `value ${text} is not a valid YAML mapping or list (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** The raw value at an override path, when it is a mapping. */
function mappingAt(raw: unknown, path: string): Record<string, unknown> | undefined {
  let node: unknown = raw;
  for (const seg of parseOverridePath(path)) {
    if (Array.isArray(node)) node = typeof seg === 'number' ? node[seg] : node.find((x) => isPlainObject(x) && x.id === seg);
    else if (isPlainObject(node)) node = node[String(seg)];
    else return undefined;
  }
  return isPlainObject(node) ? node : undefined;
}

/** A setting whose value may be `false` or a mapping (breaker, cooldown, hedging): the scenario has a mapping or false there, or nothing. */
function acceptsMapping(raw: unknown, path: string): boolean {
  const here = mappingAt(raw, path);
  if (here !== undefined) return true;
  let node: unknown = raw;
  for (const seg of parseOverridePath(path)) node = isPlainObject(node) ? node[String(seg)] : Array.isArray(node) && typeof seg === 'number' ? node[seg] : undefined;
  // Off or unset, and the schema has a mapping for it: `true` turns it on with the defaults.
  return (node === false || node === undefined) && allowedKeysAt(scenarioSchema, raw, parseOverridePath(path)).length > 0;
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

/** Everything that determines a sweep, validated; `strategies[i]` are the strategies run at point i. */
export interface SweepPlan {
  readonly base: Scenario;
  readonly points: readonly SweepPoint[];
  readonly strategies: readonly (readonly string[])[];
  readonly replications: number;
  readonly seed: number | string;
  readonly axes: readonly SweepAxis[];
  readonly origin: ScenarioOrigin;
  readonly routesimVersion: string;
}

/** Validates the request before anything runs (a strategy param a point rejects fails now, not after hours of runs). */
export function planSweep(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions): SweepPlan {
  if (opts.strategies !== undefined) checkStrategyNames(opts.strategies);
  for (const p of points) {
    const deployments = buildDeployments(p.scenario);
    for (const name of strategiesAt(p, opts)) createStrategy(name, strategyParamsFor(p.scenario, name), { deployments });
  }
  return {
    base,
    points,
    strategies: points.map((p) => [...strategiesAt(p, opts)]),
    replications: checkReplications(opts.replications ?? base.replications),
    seed: opts.seed ?? base.seed,
    axes: opts.axes,
    origin: opts.origin ?? { file: '', sha256: '' },
    routesimVersion: opts.routesimVersion ?? '',
  };
}

/** Aggregates cells indexed [point][strategy index][replication − 1] (plan order) into the summary. */
export function aggregateSweep(plan: SweepPlan, cells: readonly (readonly (readonly CellResult[])[])[]): SweepSummary {
  const out: SweepSummary['points'][number][] = [];
  for (const [i, point] of plan.points.entries()) {
    for (const [s, strategy] of plan.strategies[i].entries()) {
      const row = cells[i]?.[s];
      if (row === undefined || row.length !== plan.replications || row.some((c) => c === undefined)) {
        throw new RangeError('aggregateSweep needs one cell per point, strategy and replication');
      }
      const metrics = Object.fromEntries(metricNames().map((m) => [m, meanCi(row.map((c) => c.values[m]))])) as Record<MetricName, MetricCi>;
      out.push({ settings: point.settings, strategy, metrics });
    }
  }
  const base = plan.base;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    routesimVersion: plan.routesimVersion,
    kind: 'sweep',
    scenario: {
      name: base.name,
      description: base.description,
      file: plan.origin.file,
      sha256: plan.origin.sha256,
      durationS: base.durationS,
      bucketS: base.metrics.bucketS,
    },
    seed: String(plan.seed),
    replications: plan.replications,
    axes: plan.axes.map((a) => ({ path: a.path, values: [...a.values] })),
    points: out,
  };
}

/** The sweep as independent jobs in plan order (point, then strategy, then replication), as compareLabPlan. */
export function sweepLabPlan(plan: SweepPlan): LabPlan<SweepSummary> {
  const jobs: { job: CellJob; label: string }[] = [];
  const n = plan.points.length;
  plan.strategies.forEach((names, point) => {
    for (const strategy of names) {
      for (let r = 1; r <= plan.replications; r++) {
        jobs.push({ job: { kind: 'cell', point, strategy, replication: r }, label: `point ${point + 1}/${n} ${strategy} ${r}/${plan.replications}` });
      }
    }
  });
  return {
    base: plan.base,
    context: { scenarios: plan.points.map((p) => p.scenario), seed: plan.seed, replications: plan.replications },
    jobs,
    aggregate: (results) => {
      if (results.length !== jobs.length) throw new RangeError(`expected ${jobs.length} job results, got ${results.length}`);
      const cells: CellResult[][][] = plan.strategies.map((names) => names.map(() => []));
      jobs.forEach(({ job, label }, k) => {
        cells[job.point][plan.strategies[job.point].indexOf(job.strategy)][job.replication - 1] = cellOf(results[k], label);
      });
      return aggregateSweep(plan, cells);
    },
  };
}

export function* sweepSteps(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions): LabSteps<SweepSummary> {
  const plan = sweepLabPlan(planSweep(base, points, opts));
  return plan.aggregate(yield* jobSteps(plan.context, plan.jobs, opts));
}

export function sweepScenario(base: Scenario, points: readonly SweepPoint[], opts: SweepOptions): SweepSummary {
  return runStepsSync(sweepSteps(base, points, opts));
}

