/**
 * The result of `routesim quality` (its summary.json): threshold sweeps of the
 * `quality-threshold` strategy at one or more predictor noise levels, with RouteLLM's metrics
 * per curve and the exact random and oracle references from the data.
 */
import type { QualityBenchmark } from '../../config/quality-schema.js';
import type { MetricCi } from '../compare-summary.js';
import type { ReferenceRouter } from './reference-routers.js';

export const QUALITY_SUMMARY_SCHEMA_VERSION = 1;

/** One threshold of one curve: means and 95% CIs over replications. */
export interface QualityCurvePoint {
  readonly threshold: number;
  /** Fraction of served requests answered by the strong model. */
  readonly strongCallRate: MetricCi;
  /** Quality score of the served answers (fraction correct; MT-Bench: mean judge score / 10). */
  readonly score: MetricCi;
  /** Performance gap recovered against always-weak / always-strong on the same requests. */
  readonly pgr: MetricCi;
  readonly costPer1kSuccessfulUsd: MetricCi;
  readonly successRate: MetricCi;
}

/** The threshold sweep at one predictor noise level. */
export interface QualityCurve {
  readonly noise: number;
  /** ROC AUC of the simulated predictor, Φ(√2/σ). */
  readonly predictorAuc: number;
  /** RouteLLM's metrics, computed per replication (curve closed by always-weak and always-strong), then averaged. */
  readonly apgr: MetricCi;
  /** Minimum strong-call fraction to reach 50% / 80% PGR (n counts replications that reached it). */
  readonly cpt50: MetricCi;
  readonly cpt80: MetricCi;
  readonly points: readonly QualityCurvePoint[];
}

export interface QualitySweepSummary {
  readonly schemaVersion: number;
  readonly routesimVersion: string;
  readonly kind: 'quality';
  readonly scenario: { readonly name: string; readonly description: string; readonly file: string; readonly sha256: string; readonly durationS: number };
  readonly seed: string;
  readonly replications: number;
  /** The strategy params every run used, apart from threshold and noise. */
  readonly baseParams: Record<string, unknown>;
  readonly strongDeployments: readonly string[];
  readonly weakDeployments: readonly string[];
  readonly data: {
    readonly benchmark: QualityBenchmark;
    /** As given in the scenario (relative to the scenario file). */
    readonly path: string;
    readonly prompts: number;
    readonly contaminatedExcluded: number;
    readonly graded: boolean;
    readonly strongScore: number;
    readonly weakScore: number;
    readonly strongWinRate: number;
    readonly weakWinRate: number;
  };
  /** Exact, from the data (every prompt once). */
  readonly references: { readonly random: ReferenceRouter; readonly oracle: ReferenceRouter };
  /** The simulated requests' own always-strong / always-weak / oracle scores (sampling noise vs the data). */
  readonly simulated: { readonly strongOnlyScore: MetricCi; readonly weakOnlyScore: MetricCi; readonly oracleScore: MetricCi; readonly strongWinRate: MetricCi };
  readonly curves: readonly QualityCurve[];
}
