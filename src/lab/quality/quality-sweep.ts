import { dirname, relative } from 'node:path';
import type { Scenario } from '../../config/scenario-schema.js';
import type { QualityRunSummary } from '../../metrics/run-summary.js';
import { isStrongDeployment } from '../../routing/quality-truth.js';
import { predictorAuc } from '../../routing/strategies/quality-predictor.js';
import { qualityThresholdStrategy } from '../../routing/strategies/quality-threshold.js';
import { qualityDatasetFor } from '../../sim/traffic/quality/dataset-cache.js';
import { replicationSeed, runScenario, strategyParamsFor } from '../../sim/run-scenario.js';
import { buildDeployments } from '../../sim/world/build-deployments.js';
import { checkReplications } from '../compare.js';
import { LabUsageError } from '../errors.js';
import { runEach, runStepsAsync, runStepsSync, type LabSteps, type RunControl } from '../run-steps.js';
import { meanCi } from '../statistics.js';
import { curveMetrics, type CallPgrPoint } from './curve-metrics.js';
import { QUALITY_SUMMARY_SCHEMA_VERSION, type QualityCurve, type QualitySweepSummary } from './quality-summary.js';
import { dataScores, oracleRouter, randomRouter } from './reference-routers.js';

/**
 * `routesim quality`: runs the `quality-threshold` strategy at every threshold × noise level ×
 * replication. Within a replication every run sees the same requests, the same prompts and the
 * same predictor noise per request (common random numbers), so a curve's points differ only
 * by the threshold. Per replication and noise level, RouteLLM's APGR and CPT are computed on
 * the curve closed by the always-weak (0, PGR 0) and always-strong (1, PGR 1) routers, which a
 * threshold of +∞ or 0 realises; PGR is measured against those two on the same requests.
 */
export interface QualitySweepOptions extends RunControl {
  /** Thresholds in [0, 1]; see `parseThresholds`. */
  readonly thresholds: readonly number[];
  /** Predictor noise levels σ; default: the scenario's quality-threshold noise param (1 if unset). */
  readonly noises?: readonly number[];
  /** Default: the scenario's replications. */
  readonly replications?: number;
  readonly seed?: number | string;
  readonly origin?: { readonly file: string; readonly sha256: string };
  readonly routesimVersion?: string;
}

const STRATEGY = qualityThresholdStrategy.name;

interface SweepRun {
  readonly quality: QualityRunSummary;
  readonly costPer1kSuccessfulUsd: number;
  readonly successRate: number;
}

export function* qualitySweepSteps(scenario: Scenario, opts: QualitySweepOptions): LabSteps<QualitySweepSummary> {
  const spec = scenario.traffic.quality;
  if (spec === undefined) throw new LabUsageError(`scenario '${scenario.name}' has no traffic.quality: the quality sweep needs per-request ground truth`);
  const deployments = buildDeployments(scenario);
  const strong = deployments.filter(isStrongDeployment).map((d) => d.id);
  const weak = deployments.filter((d) => !isStrongDeployment(d)).map((d) => d.id);
  if (strong.length === 0 || weak.length === 0) {
    throw new LabUsageError(`scenario '${scenario.name}' needs a strong deployment (model qualityTier: high) and a weak one (any other tier); it has ${strong.length} strong and ${weak.length} weak`);
  }
  if (opts.thresholds.length === 0) throw new LabUsageError('no thresholds to sweep');
  const baseParams = qualityThresholdStrategy.paramsSchema.parse(strategyParamsFor(scenario, STRATEGY) ?? {});
  const noises = opts.noises ?? [baseParams.noise];
  const replications = checkReplications(opts.replications ?? scenario.replications);
  const seed = opts.seed ?? scenario.seed;
  const dataset = qualityDatasetFor(spec);

  // Replication-major (an early stop leaves every noise level equally advanced); runs[n][r][t]
  // keeps only the numbers the summary needs, not whole run summaries.
  const cells: { r: number; n: number; t: number }[] = [];
  for (let r = 1; r <= replications; r++) {
    for (let n = 0; n < noises.length; n++) for (let t = 0; t < opts.thresholds.length; t++) cells.push({ r, n, t });
  }
  const results = yield* runEach(
    cells,
    ({ r, n, t }) => `σ=${noises[n]} threshold ${opts.thresholds[t]} ${r}/${replications}`,
    ({ r, n, t }, progress): SweepRun => {
      const params = { ...baseParams, threshold: opts.thresholds[t], noise: noises[n] };
      const run = runScenario(withStrategyParams(scenario, params), { strategy: STRATEGY, seed, replication: r, ...progress });
      if (run.quality === undefined) throw new Error('a run with traffic.quality produced no quality block');
      return { quality: run.quality, costPer1kSuccessfulUsd: run.costUsd.per1kSuccessful, successRate: run.successRate };
    },
    opts,
  );
  const runs: SweepRun[][][] = noises.map(() => Array.from({ length: replications }, () => []));
  cells.forEach(({ r, n, t }, k) => (runs[n][r - 1][t] = results[k]));

  const curves: QualityCurve[] = noises.map((noise, n) => {
    const perRep = runs[n].map((ts) => curveMetrics(closedCurve(ts.map((x) => x.quality))));
    return {
      noise,
      predictorAuc: predictorAuc(noise),
      apgr: meanCi(perRep.map((m) => m.apgr)),
      cpt50: meanCi(perRep.map((m) => m.cpt50)),
      cpt80: meanCi(perRep.map((m) => m.cpt80)),
      points: opts.thresholds.map((threshold, t) => ({
        threshold,
        strongCallRate: meanCi(runs[n].map((ts) => ts[t].quality.strongCallRate)),
        score: meanCi(runs[n].map((ts) => ts[t].quality.score)),
        pgr: meanCi(runs[n].map((ts) => ts[t].quality.pgr)),
        costPer1kSuccessfulUsd: meanCi(runs[n].map((ts) => ts[t].costPer1kSuccessfulUsd)),
        successRate: meanCi(runs[n].map((ts) => ts[t].successRate)),
      })),
    };
  });
  // The counterfactual scores do not depend on the threshold: take each replication's first run.
  const firstRuns = runs[0].map((ts) => ts[0].quality);
  const d = dataScores(dataset.records);
  const origin = opts.origin ?? { file: '', sha256: '' };
  return {
    schemaVersion: QUALITY_SUMMARY_SCHEMA_VERSION,
    routesimVersion: opts.routesimVersion ?? 'unknown',
    kind: 'quality',
    scenario: { name: scenario.name, description: scenario.description, file: origin.file, sha256: origin.sha256, durationS: scenario.durationS },
    seed: replicationSeed(seed, 0),
    replications,
    baseParams: { tokensPerWord: baseParams.tokensPerWord },
    strongDeployments: strong,
    weakDeployments: weak,
    data: {
      benchmark: spec.benchmark,
      path: relative(origin.file === '' ? '.' : dirname(origin.file), dataset.path).split('\\').join('/'),
      prompts: d.prompts,
      contaminatedExcluded: dataset.contaminatedExcluded,
      graded: dataset.graded,
      strongScore: d.strongScore,
      weakScore: d.weakScore,
      strongWinRate: d.strongWinRate,
      weakWinRate: d.weakWinRate,
    },
    references: { random: randomRouter(dataset.records, d), oracle: oracleRouter(dataset.records, d) },
    simulated: {
      strongOnlyScore: meanCi(firstRuns.map((q) => q.strongOnlyScore)),
      weakOnlyScore: meanCi(firstRuns.map((q) => q.weakOnlyScore)),
      oracleScore: meanCi(firstRuns.map((q) => q.oracleScore)),
      strongWinRate: meanCi(firstRuns.map((q) => q.strongWinRate)),
    },
    curves,
  };
}

/** One replication's curve in PGR space, closed by always-weak (0, 0) and always-strong (1, 1). */
export function closedCurve(points: readonly QualityRunSummary[]): CallPgrPoint[] {
  return [
    { strongCallRate: 0, pgr: 0 },
    ...points.map((q) => ({ strongCallRate: q.strongCallRate, pgr: q.pgr })),
    { strongCallRate: 1, pgr: 1 },
  ];
}

function withStrategyParams(scenario: Scenario, params: Record<string, unknown>): Scenario {
  const router = scenario.router;
  return { ...scenario, router: { ...router, strategy: STRATEGY, strategyParams: { ...router.strategyParams, [STRATEGY]: params } } };
}

export function runQualitySweep(scenario: Scenario, opts: QualitySweepOptions): QualitySweepSummary {
  return runStepsSync(qualitySweepSteps(scenario, opts));
}

export function runQualitySweepAsync(scenario: Scenario, opts: QualitySweepOptions, pause: () => Promise<void>): Promise<QualitySweepSummary> {
  return runStepsAsync(qualitySweepSteps(scenario, opts), pause);
}
