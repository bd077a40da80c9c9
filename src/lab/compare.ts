import { MAX_REPLICATIONS, type Scenario } from '../config/scenario-schema.js';
import type { RunSummary } from '../metrics/run-summary.js';
import { createStrategy, getStrategy, listStrategies } from '../routing/strategies/registry.js';
import { runScenario, strategyParamsFor } from '../sim/run-scenario.js';
import type { TrafficCache } from '../sim/traffic/traffic-cache.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import { SUMMARY_SCHEMA_VERSION, type ClaimVerdict, type CompareSummary, type MetricCi, type MetricName, type PairedDiff, type StrategyResult } from './compare-summary.js';
import { LabUsageError } from './errors.js';
import { cellOf, verdictsOf, type CellJob, type LabPlan, type PlannedJob } from './pool/lab-job.js';
import { metricNames, metricValuesOf, sampleOf } from './metric-values.js';
import { aggregatePolicyValues, policyValuesOf } from './policy-values.js';
import { runStepsSync, type LabSteps, type RunControl } from './run-steps.js';
import { jobSteps } from './pool/job-steps.js';
import { rankPaired } from './paired-ranking.js';
import { RANKING } from './ranking-rule.js';
import { sameDecisionSets } from './same-decisions.js';
import { meanCi, pairedDiff, paretoFront, type Better } from './statistics.js';
import { checkStrategyNames, chooseBaseline } from './strategy-list.js';
import type { StopReason } from './sequential-stopping.js';
import { sequentialRounds } from './sequential-compare.js';

/**
 * Strategy comparison with common random numbers: replication r of every strategy runs on the
 * same root seed, so traffic, provider latencies and incidents are identical and differences
 * come from routing alone. Paired differences against a baseline then have far less noise
 * than differences of independent means.
 */

/** Where the scenario came from, for the summary (the lab itself does no file I/O). */
export interface ScenarioOrigin {
  readonly file: string;
  readonly sha256: string;
}

export interface CompareOptions extends RunControl {
  readonly strategies: readonly string[];
  /** Default: the scenario's `replications`. With `minReplications` below it, the cap. */
  readonly replications?: number;
  /**
   * Floor of a sequential comparison: every strategy gets this many replications, then each
   * stops as soon as its place is settled (sequential-stopping.ts). Default: `replications`
   * (every strategy gets them all, as a fixed-size comparison).
   */
  readonly minReplications?: number;
  /** Default: the scenario's seed. */
  readonly seed?: number | string;
  /** Default: the scenario's router.strategy if compared, else the first strategy. */
  readonly baseline?: string;
  readonly origin?: ScenarioOrigin;
  readonly routesimVersion?: string;
  /** Sees every finished run (e.g. to check common random numbers). */
  readonly onRun?: (run: RunSummary, cell: CellJob) => void;
}

/** Everything that determines a comparison, validated. */
export interface ComparePlan {
  readonly scenario: Scenario;
  readonly strategies: readonly string[];
  readonly baseline: string;
  readonly replications: number;
  /** Equal to `replications` for a fixed-size comparison. */
  readonly minReplications: number;
  readonly seed: number | string;
  readonly origin: ScenarioOrigin;
  readonly routesimVersion: string;
  /**
   * A comparison of configurations (files or variants) instead of strategies: `strategies` then
   * holds their labels, and entry i runs `configs[i].strategy` on `configs[i].scenario`.
   */
  readonly configs?: readonly ComparedConfig[];
}

/** One configuration compared: a label (file or variant name), its scenario and its strategy. */
export interface ComparedConfig {
  readonly label: string;
  readonly scenario: Scenario;
  readonly strategy: string;
  readonly description: string;
}

/** What one (strategy, replication) run contributes; the sample is kept for replication 1 only. */
export interface CellResult {
  readonly values: Record<MetricName, number>;
  /** Budget and tenant figures (policy-values.ts), when the run had budgets or tenants. */
  readonly policy?: Record<string, number>;
  /** Fingerprint of the run's routing decisions (RunSummary.decisionHash). */
  readonly decisionHash?: string;
  readonly sample?: StrategyResult['sample'];
}

/**
 * Pareto dimensions, all of which failing makes worse: cost per successful request (not per
 * request: a fast failure costs little), uptime, SLO attainment and p99 latency over every
 * request with failures counted at their cost (not over successes only).
 */
const PARETO: readonly [MetricName, Better][] = [
  ['costPer1kSuccessfulUsd', 'lower'],
  ['uptime', 'higher'],
  ['sloAttainment', 'higher'],
  ['latencyAllP99Ms', 'lower'],
];
export function checkReplications(n: number, name = 'replications'): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPLICATIONS) {
    throw new LabUsageError(`${name} must be a whole number from 1 to ${MAX_REPLICATIONS.toLocaleString('en-US')} (got ${n})`);
  }
  return n;
}

/** The floor of a sequential comparison: at most the cap (a larger floor is the cap). */
function checkMinReplications(min: number | undefined, replications: number): number {
  return min === undefined ? replications : Math.min(replications, checkReplications(min, 'min-replications'));
}

/**
 * Validates the request before anything runs: known strategies whose params this scenario
 * accepts (so a bad param fails now, not after minutes of simulation), and a compared baseline.
 */
export function planCompare(scenario: Scenario, opts: CompareOptions): ComparePlan {
  const strategies = [...opts.strategies];
  checkStrategyNames(strategies);
  const deployments = buildDeployments(scenario);
  for (const name of strategies) createStrategy(name, strategyParamsFor(scenario, name), { deployments });
  const replications = checkReplications(opts.replications ?? scenario.replications);
  return {
    scenario,
    strategies,
    baseline: chooseBaseline(strategies, scenario.router.strategy, opts.baseline),
    replications,
    minReplications: checkMinReplications(opts.minReplications, replications),
    seed: opts.seed ?? scenario.seed,
    origin: opts.origin ?? { file: '', sha256: '' },
    routesimVersion: opts.routesimVersion ?? '',
  };
}

/** One simulation run of the plan; independent of every other cell and of the order cells run in. */
export function runCompareCell(
  plan: Pick<ComparePlan, 'scenario' | 'seed'>,
  strategy: string,
  replication: number,
  control: { onProgress?: (fraction: number) => void; shouldStop?: () => boolean; trafficCache?: TrafficCache } = {},
): { run: RunSummary; cell: CellResult } {
  const run = runScenario(plan.scenario, { strategy, seed: plan.seed, replication, onProgress: control.onProgress, shouldStop: control.shouldStop, trafficCache: control.trafficCache });
  const values = metricValuesOf(run);
  const policy = policyValuesOf(run);
  const base: CellResult = policy === undefined ? { values, decisionHash: run.decisionHash } : { values, decisionHash: run.decisionHash, policy };
  const cell: CellResult = replication === 1 ? { ...base, sample: sampleOf(run) } : base;
  return { run, cell };
}

/** The comparison as steps (one yield before each run); see runStepsSync. The scenario's claims are not checked (the CLI adds them). */
export function* compareSteps(scenario: Scenario, opts: CompareOptions): LabSteps<CompareSummary> {
  const plan = compareLabPlan(planCompare(scenario, opts), { claims: false });
  if (plan.rounds === undefined) return plan.aggregate(yield* jobSteps(plan.context, plan.jobs, opts));
  const rounds = plan.rounds();
  let batch = rounds.next([]);
  while (!batch.done) batch = rounds.next(yield* jobSteps(plan.context, batch.value, opts));
  return batch.value;
}

/**
 * The comparison as independent jobs, as the CLI runs it (including the scenario's claims
 * check, when it has one, unless `claims: false`). Cells are replication-major: an early stop
 * leaves every strategy equally advanced. The claims job goes first because it is the longest (2 × replications runs) and should start first on a pool.
 */
export function compareLabPlan(plan: ComparePlan, opts: { readonly claims?: boolean } = {}): LabPlan<CompareSummary> {
  const jobs: PlannedJob[] = [];
  if (plan.scenario.claims !== undefined && opts.claims !== false) jobs.push({ job: { kind: 'claims' }, label: 'claims' });
  for (let r = 1; r <= plan.replications; r++) {
    for (const strategy of plan.strategies) jobs.push({ job: { kind: 'cell', point: 0, strategy, replication: r }, label: `${strategy} ${r}/${plan.replications}` });
  }
  return {
    base: plan.scenario,
    context: { scenarios: [plan.scenario], seed: plan.seed, replications: plan.replications },
    jobs,
    ...(plan.minReplications < plan.replications ? { rounds: () => sequentialRounds(plan, opts) } : {}),
    aggregate: (results) => {
      if (results.length !== jobs.length) throw new RangeError(`expected ${jobs.length} job results, got ${results.length}`);
      const cells: CellResult[][] = plan.strategies.map(() => []);
      let claims: readonly ClaimVerdict[] | undefined;
      jobs.forEach(({ job, label }, k) => {
        if (job.kind === 'claims') claims = verdictsOf(results[k], label);
        else cells[plan.strategies.indexOf(job.strategy)][job.replication - 1] = cellOf(results[k], label);
      });
      const summary = aggregateCompare(plan, cells);
      return claims === undefined ? summary : { ...summary, claims };
    },
  };
}

function optionalPolicyMetrics(policyMetrics: Record<string, MetricCi> | undefined): Pick<StrategyResult, 'policyMetrics'> {
  return policyMetrics === undefined ? {} : { policyMetrics };
}

export function compareStrategies(scenario: Scenario, opts: CompareOptions): CompareSummary {
  return runStepsSync(compareSteps(scenario, opts));
}

function perMetric<T>(fn: (m: MetricName) => T): Record<MetricName, T> {
  return Object.fromEntries(metricNames().map((m) => [m, fn(m)])) as Record<MetricName, T>;
}

/**
 * Aggregates cells indexed [strategy][replication − 1] (plan order) into the summary. A
 * sequential comparison passes fewer cells for strategies that stopped early, and why each
 * stopped; paired differences then use the replications both sides have.
 */
export function aggregateCompare(plan: ComparePlan, cells: readonly (readonly CellResult[])[], stopped?: readonly StopReason[]): CompareSummary {
  const complete = (c: readonly CellResult[]) => (stopped === undefined ? c.length === plan.replications : c.length >= 1 && c.length <= plan.replications);
  if (cells.length !== plan.strategies.length || cells.some((c) => !complete(c) || c.some((x) => x === undefined))) {
    throw new RangeError('aggregateCompare needs one cell per strategy and replication');
  }
  const common = (a: readonly number[], b: readonly number[]) => Math.min(a.length, b.length);
  const paired = (a: readonly number[], b: readonly number[]) => pairedDiff(a.slice(0, common(a, b)), b.slice(0, common(a, b)));
  const strategyDescriptions = new Map(listStrategies().map((s) => [s.name, s.description]));
  const descriptions = new Map(plan.configs ? plan.configs.map((c) => [c.label, c.description]) : strategyDescriptions);
  const values = cells.map((row) => perMetric((m) => row.map((c) => c.values[m])));
  const metrics = values.map((v) => perMetric((m) => meanCi(v[m])));
  const baselineIndex = plan.strategies.indexOf(plan.baseline);
  const bound = plan.strategies.map((name, i) => getStrategy(plan.configs?.[i].strategy ?? name).bound === true);
  const oracleIndex = bound.indexOf(true);
  const rules = rulesOf(plan.scenario);
  const meetsFloor = metrics.map((ms) => ms.successRate.mean >= rules.availabilityFloor);
  const vector = (dims: readonly [MetricName, Better][]) => metrics.map((ms) => dims.map(([m]) => ms[m].mean));
  // The front is over deployable strategies that meet the availability floor: a ground-truth
  // bound would dominate everything, and a strategy that fails too often is no choice at all.
  const eligible = plan.strategies.map((_, i) => i).filter((i) => !bound[i] && meetsFloor[i]);
  const front = paretoFront(eligible.map((i) => vector(PARETO)[i]), PARETO.map(([, b]) => b));
  const pareto = plan.strategies.map((_, i) => eligible.includes(i) && front[eligible.indexOf(i)]);
  const ranking = rankPaired({ names: plan.strategies, values, meetsFloor, bound, dims: RANKING });
  const ranks = ranking.ranks;
  const sameDecisions = sameDecisionSets(plan.strategies, cells.map((row) => row.map((c) => c.decisionHash)));

  const strategies: StrategyResult[] = plan.strategies.map((strategy, i) => {
    const sample = cells[i][0].sample;
    if (sample === undefined) throw new RangeError(`replication 1 of '${strategy}' has no sample`);
    const vsBaseline: Record<MetricName, PairedDiff> | undefined =
      i === baselineIndex ? undefined : perMetric((m) => paired(values[i][m], values[baselineIndex][m]));
    const oracleGap: Record<MetricName, number> | undefined =
      oracleIndex < 0 || i === oracleIndex ? undefined : perMetric((m) => paired(values[i][m], values[oracleIndex][m]).mean);
    return {
      strategy,
      description: descriptions.get(strategy) ?? '',
      values: values[i],
      metrics: metrics[i],
      ...(vsBaseline ? { vsBaseline } : {}),
      ...(oracleGap ? { oracleGap } : {}),
      pareto: pareto[i],
      meetsFloor: meetsFloor[i],
      ...(bound[i] ? { bound: true } : {}),
      rank: ranks[i],
      ...optionalPolicyMetrics(aggregatePolicyValues(cells[i])),
      ...(stopped === undefined ? {} : { replicationsRun: cells[i].length, stopReason: stopped[i] }),
      sample,
    };
  });

  const s = plan.scenario;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    routesimVersion: plan.routesimVersion,
    kind: 'compare',
    scenario: { name: s.name, description: s.description, file: plan.origin.file, sha256: plan.origin.sha256, durationS: s.durationS, bucketS: s.metrics.bucketS },
    seed: String(plan.seed),
    replications: plan.replications,
    ...(stopped === undefined ? {} : { minReplications: plan.minReplications }),
    baseline: plan.baseline,
    strategies,
    rankGroups: ranking.groups,
    sameDecisions,
    rules,
  };
}

/** The thresholds the ranking and the Pareto front apply, with the scenario's defaults filled in. */
export function rulesOf(scenario: Scenario): NonNullable<CompareSummary['rules']> {
  const m = scenario.metrics;
  return {
    availabilityFloor: m.availabilityFloor ?? m.sloSuccessRate,
    latencyTargetMs: m.latencyTargetMs,
    failurePenaltyMs: m.failurePenaltyMs ?? scenario.router.timeouts.deadlineMs,
    quantileRelativeError: m.quantileRelativeError,
  };
}
