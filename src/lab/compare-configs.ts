/**
 * Comparing configurations rather than strategies: "our config against a proposed one" (two
 * scenario files) or the named `variants:` of one scenario. Each configuration runs its own
 * router.strategy on its own scenario; replication r of every configuration uses the same seed,
 * so when their traffic sections agree the arrivals are identical (common random numbers) and
 * the paired statistics, ranking, report and charts are those of a strategy comparison.
 */
import type { Scenario } from '../config/scenario-schema.js';
import { createStrategy } from '../routing/strategies/registry.js';
import { strategyParamsFor } from '../sim/run-scenario.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import { aggregateCompare, checkReplications, type ComparedConfig, type ComparePlan, type CellResult, type ScenarioOrigin } from './compare.js';
import type { CompareSummary } from './compare-summary.js';
import { LabUsageError } from './errors.js';
import { cellOf, type LabPlan, type PlannedJob } from './pool/lab-job.js';

export interface ConfigsOptions {
  readonly replications?: number;
  readonly seed?: number | string;
  /** Label of the configuration the others are compared with; default the first. */
  readonly baseline?: string;
  readonly origin?: ScenarioOrigin;
  readonly routesimVersion?: string;
}

/** Validates the configurations (distinct labels, strategies their scenarios accept) and plans them. */
export function planConfigs(configs: readonly ComparedConfig[], opts: ConfigsOptions = {}): ComparePlan {
  if (configs.length < 2) throw new LabUsageError(`comparing configurations needs at least two (got ${configs.length})`);
  const labels = configs.map((c) => c.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined) throw new LabUsageError(`configuration '${twice}' is listed twice`);
  for (const c of configs) createStrategy(c.strategy, strategyParamsFor(c.scenario, c.strategy), { deployments: buildDeployments(c.scenario) });
  const baseline = opts.baseline ?? labels[0];
  if (!labels.includes(baseline)) throw new LabUsageError(`baseline '${baseline}' is not one of the compared configurations (${labels.join(', ')})`);
  const first = configs[0].scenario;
  const replications = checkReplications(opts.replications ?? first.replications);
  return {
    scenario: first,
    strategies: labels,
    baseline,
    replications,
    minReplications: replications, // configurations always run as a fixed-size comparison

    seed: opts.seed ?? first.seed,
    origin: opts.origin ?? { file: '', sha256: '' },
    routesimVersion: opts.routesimVersion ?? '',
    configs,
  };
}

/** The comparison as jobs: configuration i is grid point i, running its own strategy. */
export function configsLabPlan(plan: ComparePlan): LabPlan<CompareSummary> {
  const configs = plan.configs;
  if (configs === undefined) throw new RangeError('configsLabPlan needs a plan of configurations');
  const jobs: PlannedJob[] = [];
  for (let r = 1; r <= plan.replications; r++) {
    configs.forEach((c, point) => jobs.push({ job: { kind: 'cell', point, strategy: c.strategy, replication: r }, label: `${c.label} ${r}/${plan.replications}` }));
  }
  return {
    base: plan.scenario,
    context: { scenarios: configs.map((c) => c.scenario), seed: plan.seed, replications: plan.replications },
    jobs,
    aggregate: (results) => {
      if (results.length !== jobs.length) throw new RangeError(`expected ${jobs.length} job results, got ${results.length}`);
      const cells: CellResult[][] = configs.map(() => []);
      jobs.forEach(({ job, label }, k) => {
        if (job.kind === 'cell') cells[job.point][job.replication - 1] = cellOf(results[k], label);
      });
      return aggregateCompare(plan, cells);
    },
  };
}

/** The first place two scenarios' traffic differs, as a dotted path ('' when they agree). */
export function trafficDifference(a: Scenario, b: Scenario): string | undefined {
  const keys: (keyof Scenario)[] = ['traffic', 'durationS', 'seed'];
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], k);
    if (d !== undefined) return d;
  }
  const warm = firstDifference(a.metrics.warmupS, b.metrics.warmupS, 'metrics.warmupS');
  return warm;
}

function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}
