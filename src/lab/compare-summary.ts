/**
 * The contract between the lab (which runs and aggregates) and the report (which renders):
 * the content of `summary.json`. Bump SUMMARY_SCHEMA_VERSION on any breaking change.
 */
import type { ConcurrencyLimitPoint } from '../metrics/admission-tally.js';
import type { HealthTimelineEntry, IncidentSummary, TimeBucket } from '../metrics/run-summary.js';

export const SUMMARY_SCHEMA_VERSION = 1;

/** Metrics compared across strategies. `better` says which direction wins. */
export const METRICS = {
  successRate: { label: 'success rate', unit: 'fraction', better: 'higher' },
  uptime: { label: 'uptime (SLO minutes)', unit: 'fraction', better: 'higher' },
  costTotalUsd: { label: 'total cost', unit: 'USD', better: 'lower' },
  costPerRequestUsd: { label: 'cost per request', unit: 'USD', better: 'lower' },
  costPer1kSuccessfulUsd: { label: 'cost per 1k successful', unit: 'USD', better: 'lower' },
  latencyMeanMs: { label: 'mean latency', unit: 'ms', better: 'lower' },
  /** `sketch`: a quantile from the streaming sketch, known only to its relative error. */
  latencyP50Ms: { label: 'p50 latency', unit: 'ms', better: 'lower', sketch: true },
  latencyP95Ms: { label: 'p95 latency', unit: 'ms', better: 'lower', sketch: true },
  latencyP99Ms: { label: 'p99 latency', unit: 'ms', better: 'lower', sketch: true },
  /** Over every request, a failed one counted at max(its latency, the failure penalty): failing never looks fast. */
  latencyAllP50Ms: { label: 'p50 latency, failures counted', unit: 'ms', better: 'lower', sketch: true },
  latencyAllP99Ms: { label: 'p99 latency, failures counted', unit: 'ms', better: 'lower', sketch: true },
  /** Share of requests that succeeded within the scenario's latency target. */
  sloAttainment: { label: 'SLO attainment', unit: 'fraction', better: 'higher' },
  ttftP50Ms: { label: 'p50 TTFT', unit: 'ms', better: 'lower', sketch: true },
  ttftP99Ms: { label: 'p99 TTFT', unit: 'ms', better: 'lower', sketch: true },
  /** Mean time successful requests waited in a provider queue on their winning attempt. */
  queueWaitMeanMs: { label: 'mean queue wait', unit: 'ms', better: 'lower' },
  belowTierRate: { label: 'served below requested tier', unit: 'fraction', better: 'lower' },
  /** Quality score of served answers (traffic.quality ground truth; NaN without it). */
  qualityScore: { label: 'quality score', unit: 'fraction', better: 'higher' },
  /** Share of served requests answered by a strong (tier 'high') model: RouteLLM's cost axis. */
  strongCallRate: { label: 'strong-model calls', unit: 'fraction', better: 'lower' },
  retries: { label: 'retries', unit: 'count', better: 'lower' },
  failovers: { label: 'failovers', unit: 'count', better: 'lower' },
  hedges: { label: 'hedges', unit: 'count', better: 'lower' },
  /** Over the incidents the router detected (see undetectedIncidents). */
  meanDetectS: { label: 'mean time to detect', unit: 's', better: 'lower' },
  /** Over the incidents the router recovered from (see unrecoveredIncidents). */
  meanRecoverS: { label: 'mean time to recover', unit: 's', better: 'lower' },
  /** Injected incidents the router never reacted to (no exclusion of the provider's deployments). */
  undetectedIncidents: { label: 'incidents never detected', unit: 'count', better: 'lower' },
  /** Detected incidents after which the provider was never let back in before the run ended. */
  unrecoveredIncidents: { label: 'incidents never recovered', unit: 'count', better: 'lower' },
} as const;

export type MetricName = keyof typeof METRICS;

/** Whether the metric is a sketch quantile (its interval can never be narrower than the sketch's resolution). */
export function isSketchQuantile(metric: MetricName): boolean {
  return 'sketch' in METRICS[metric];
}

/** The sketch's relative error when a summary does not say (the scenario default). */
export const DEFAULT_SKETCH_RELATIVE_ERROR = 0.01;

/** Mean and 95% Student-t interval across replications (n = replications with a finite value). */
export interface MetricCi {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

/** Paired difference strategy − baseline over common-random-number replications. */
export interface PairedDiff {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** False when the 95% interval contains 0. */
  readonly significant: boolean;
  /** Replications where both sides had a finite value (added by the lab; optional for readers). */
  readonly n?: number;
}

export interface StrategyResult {
  readonly strategy: string;
  readonly description: string;
  /** Per-replication values, replication order. */
  readonly values: Record<MetricName, number[]>;
  readonly metrics: Record<MetricName, MetricCi>;
  /** Absent for the baseline itself. */
  readonly vsBaseline?: Record<MetricName, PairedDiff>;
  /** Mean (strategy − oracle) per metric; absent when oracle was not run or for the oracle. */
  readonly oracleGap?: Record<MetricName, number>;
  /**
   * Meets the availability floor (success rate ≥ floor) and is not dominated on (cost per 1k
   * successful, uptime, SLO attainment, p99 latency with failures counted) by another such strategy.
   */
  readonly pareto: boolean;
  /** Mean success rate at or above the availability floor (absent in summaries before this rule). */
  readonly meetsFloor?: boolean;
  /** A ground-truth bound (oracle), not a deployable strategy; never on the Pareto front. */
  readonly bound?: boolean;
  /**
   * 1 = best. From paired comparisons at 95% (availability floor, then uptime, cost per 1k
   * successful, p99 with failures counted); indistinguishable strategies share a rank.
   */
  readonly rank: number;
  /** Budgets (when each runs out, windows run out) and tenants (success, p95, cost, Jain's indices) across replications; see lab/policy-values.ts. */
  readonly policyMetrics?: Record<string, MetricCi>;
  /** Sequential comparisons only: the replications this strategy got (≤ the summary's cap)... */
  readonly replicationsRun?: number;
  /** ...and why it stopped: its place was settled, or it reached the cap. */
  readonly stopReason?: 'settled' | 'cap';
  /** Replication 1 only, for charts: time series, latency CDF points, incidents, health timeline. */
  readonly sample: {
    readonly timeseries: readonly TimeBucket[];
    readonly deploymentIds: readonly string[];
    /** Latency quantiles of successful requests, q → ms, for the CDF chart. */
    readonly latencyCdf: readonly { readonly q: number; readonly ms: number }[];
    readonly incidents: readonly IncidentSummary[];
    readonly healthTimeline: readonly HealthTimelineEntry[];
    /** Each deployment's concurrency cap per bucket (router.concurrencyLimit only). */
    readonly concurrencyLimits?: readonly ConcurrencyLimitPoint[];
  };
}

export interface CompareSummary {
  readonly schemaVersion: number;
  readonly routesimVersion: string;
  readonly kind: 'compare';
  readonly scenario: { readonly name: string; readonly description: string; readonly file: string; readonly sha256: string; readonly durationS: number; readonly bucketS: number };
  readonly seed: string;
  /** Replications per strategy; in a sequential comparison the cap (each strategy's own count is `replicationsRun`). */
  readonly replications: number;
  /** Sequential comparisons only: the floor every strategy got. */
  readonly minReplications?: number;
  readonly baseline: string;
  readonly strategies: readonly StrategyResult[];
  /** Strategies sharing a rank, best group first (indistinguishable at 95% on every ranking metric). */
  readonly rankGroups?: readonly (readonly string[])[];
  /** Sets of 2+ strategies that made identical routing decisions on every request of every replication. */
  readonly sameDecisions?: readonly (readonly string[])[];
  /** The rules the ranking and the Pareto front were built with. */
  readonly rules?: {
    readonly availabilityFloor: number;
    readonly latencyTargetMs: number;
    readonly failurePenaltyMs: number;
    readonly quantileRelativeError: number;
  };
  /** Scenario-specific verdicts (e.g. seed-claims), rendered as a section of the report. */
  readonly claims?: readonly ClaimVerdict[];
}

export interface ClaimVerdict {
  readonly claim: string;
  readonly measured: string;
  readonly held: boolean;
  readonly detail: string;
}

export interface SweepSummary {
  readonly schemaVersion: number;
  readonly routesimVersion: string;
  readonly kind: 'sweep';
  readonly scenario: CompareSummary['scenario'];
  readonly seed: string;
  readonly replications: number;
  /** The grid axes, e.g. [{ path: 'traffic.arrivals.ratePerS', values: [5, 10, 20] }]. */
  readonly axes: readonly { readonly path: string; readonly values: readonly (number | string | boolean)[] }[];
  /** One entry per grid point × strategy. */
  readonly points: readonly {
    readonly settings: Record<string, number | string | boolean>;
    readonly strategy: string;
    readonly metrics: Record<MetricName, MetricCi>;
  }[];
}
