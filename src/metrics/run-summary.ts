import type { ConcurrencyLimitPoint, PriorityClassSummary } from './admission-tally.js';
/** The flat record one simulation run produces (`routesim run --json` prints it). */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface DeploymentSummary {
  readonly id: string;
  readonly providerId: string;
  readonly attempts: number;
  /** Requests this deployment finally served. */
  readonly served: number;
  /** served / all successful requests. */
  readonly share: number;
  readonly costUsd: number;
}

export interface ProviderSummary {
  readonly id: string;
  /** meanBusySlots / maxConcurrent. */
  readonly utilization: number;
  /** Time-average busy slots over [0, durationS]: not the drain after the horizon. */
  readonly meanBusySlots: number;
}

export interface IncidentSummary {
  readonly providerId: string;
  readonly kind: string;
  readonly startS: number;
  readonly endS: number;
  /** Seconds from the incident's start until the router first excluded one of the provider's deployments. */
  readonly detectS?: number;
  /** Seconds from the incident's end until the router let the provider's deployments back in. */
  readonly recoverS?: number;
  /** The provider was still excluded when the incident ended and was never let back in before the run ended. */
  readonly neverRecovered?: boolean;
}

export interface TimeBucket {
  readonly tS: number;
  readonly arrivals: number;
  readonly successes: number;
  readonly failures: number;
  readonly meanLatencyMs: number;
  /** p50 / p99 latency of the bucket's successful requests (to 1%: a small sketch per bucket); NaN without any. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly costUsd: number;
  /** Attempts sent per deployment in this bucket, same order as `deployments`. */
  readonly attempts: number[];
}

export interface HealthTimelineEntry {
  readonly atS: number;
  readonly deploymentId: string;
  readonly source: string;
  readonly excluded: boolean;
}

/** What a trace replay read (present when the traffic came from `traffic.trace`). */
export interface TraceReplaySummary {
  /** The trace file as the scenario resolved it. */
  readonly file: string;
  readonly format: string;
  /** Requests the trace produced within the horizon. */
  readonly requests: number;
  /** Malformed rows skipped under onBadRow: skip (each counted once, however many loop passes). */
  readonly badRowsSkipped: number;
  /** Passes through the trace that produced requests (more than 1 with loop: true). */
  readonly passes: number;
}

/** One provider's KV prefix cache over the run (present when a provider has `prefixCache`). */
export interface PrefixCacheSummary {
  readonly providerId: string;
  /** Attempts with prefix hashes that started service (each looks the cache up once). */
  readonly lookups: number;
  readonly blocksLookedUp: number;
  /** Leading blocks found in the cache. */
  readonly blocksHit: number;
  /** blocksHit / blocksLookedUp; NaN without lookups. */
  readonly hitRate: number;
  /** Prompt tokens served from the cache (billed at the cached-input price when the model has one). */
  readonly cachedInputTokens: number;
}

/**
 * Answer quality of one run (present when requests carry ground truth, `traffic.quality`).
 * Fractions are over `served`; the *Only / oracle scores are counterfactuals on the very same
 * requests, so PGR compares like with like.
 */
export interface QualityRunSummary {
  /** Measured requests carrying ground truth, successful or not. */
  readonly requests: number;
  /** Of those, the successful ones. */
  readonly served: number;
  /** Mean score of the answers served: the fraction answered correctly (MT-Bench: mean judge score / 10). */
  readonly score: number;
  /** Fraction of served requests answered by a strong deployment (model tier 'high'). */
  readonly strongCallRate: number;
  /** The score had every served request gone to the strong / to the weak model. */
  readonly strongOnlyScore: number;
  readonly weakOnlyScore: number;
  /** The score of the per-request better model (an oracle calling strong on `strongWinRate` of requests). */
  readonly oracleScore: number;
  /** Fraction of served requests on which the strong model does strictly better than the weak one. */
  readonly strongWinRate: number;
  /** Performance gap recovered, (score − weakOnly) / (strongOnly − weakOnly); NaN when the gap is 0. */
  readonly pgr: number;
}

/** One tenant's measured requests (present when requests carry a tenant). */
export interface TenantSummary {
  readonly tenant: string;
  readonly requests: number;
  readonly succeeded: number;
  readonly successRate: number;
  /** Refused before routing: a tenant/tag budget (or every deployment over budget), and the tenant's limits. */
  readonly refusedByBudget: number;
  readonly refusedByLimit: number;
  /** What every attempt of the tenant's requests was billed. */
  readonly costUsd: number;
  /** Successful requests' end-to-end latency. */
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p95: number; readonly p99: number };
}

export interface TenantsRunSummary {
  readonly perTenant: readonly TenantSummary[];
  /** Jain's index over the tenants' success rates: 1 = every tenant served alike, 1/n = one served. */
  readonly jainIndexSuccessRate: number;
  /** Jain's index over the requests served per tenant (equal entitlement): 1/n when one tenant got everything. */
  readonly jainIndexServed: number;
}

/** One spend budget over the run (present when router.budgets is set). */
export interface BudgetSummary {
  readonly name: string;
  readonly scope: string;
  readonly match: string;
  readonly window: string;
  readonly limitUsd: number;
  /** Spend charged to it over the whole run (warm-up included: budgets are real money). */
  readonly spentUsd: number;
  /** Each window in which it ran out: when, and what was spent by then (the limit plus the crossing attempt). */
  readonly exhaustions: readonly { readonly windowStartS: number; readonly atS: number; readonly spentUsd: number }[];
  /** The rate it was spent at before it held spending back (see budget-summary.ts). */
  readonly spendRateUsdPerS: number;
  /** At that rate, seconds from a window's start until the budget runs out (beyond the window: it never does). */
  readonly runsOutAfterS: number;
}

export interface RunSummary {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: string;
  readonly durationS: number;
  readonly requests: {
    readonly total: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly failedByReason: Record<string, number>;
    readonly failedByLastError: Record<string, number>;
    readonly inFlightAtHorizon: number;
    /** Successful requests served by a model below the quality tier they asked for. */
    readonly servedBelowTier: number;
  };
  readonly successRate: number;
  /** Fraction of time buckets whose success rate met the SLO. */
  readonly uptime: number;
  readonly sloSuccessRate: number;
  /** Latency of successful requests only (a strategy can look fast here by failing: see latencyAllMs). */
  readonly latencyMs: LatencySummary;
  /** Latency of every request, a failed one counted at max(its latency, failurePenaltyMs). */
  readonly latencyAllMs: LatencySummary;
  /** What a failure counts as in latencyAllMs, ms (metrics.failurePenaltyMs, else the router deadline). */
  readonly failurePenaltyMs: number;
  /** Share of measured requests that succeeded within latencyTargetMs. */
  readonly sloAttainment: number;
  readonly latencyTargetMs: number;
  /** Fingerprint of every routing decision: equal across strategies on one seed ⇔ same decisions. */
  readonly decisionHash: string;
  /** CDF points (quantile → ms) of successful-request latency, from the sketch. */
  readonly latencyCdf: readonly { readonly q: number; readonly ms: number }[];
  readonly ttftMs: LatencySummary;
  readonly queueMs: LatencySummary;
  /** Fraction of successful requests that waited in a provider queue. */
  readonly probWait: number;
  readonly costUsd: { readonly total: number; readonly perRequest: number; readonly per1kSuccessful: number };
  readonly tokens: { readonly input: number; readonly output: number };
  readonly retries: number;
  readonly failovers: number;
  readonly hedges: number;
  readonly panicRequests: number;
  /**
   * Over [0, durationS], warm-up included: time-average requests in the system, arrival rate, and
   * mean time in the system within the horizon (a request that outlives it counts up to it), so
   * L = λW holds exactly.
   */
  readonly littlesLaw: { readonly meanInSystem: number; readonly arrivalRatePerS: number; readonly meanSojournS: number };
  readonly deployments: readonly DeploymentSummary[];
  readonly providers: readonly ProviderSummary[];
  readonly incidents: readonly IncidentSummary[];
  /** Present (true) only when the run had more incident windows than the summary lists (the first 20,000). */
  readonly incidentsTruncated?: true;
  readonly bucketS: number;
  readonly timeseries: readonly TimeBucket[];
  readonly healthTimeline: readonly HealthTimelineEntry[];
  readonly healthTimelineTruncated: boolean;
  readonly eventsProcessed: number;
  /** Answer quality, when requests carry ground truth (`traffic.quality`). */
  readonly quality?: QualityRunSummary;
  /** Trace replay statistics, when the traffic came from a trace. */
  readonly trace?: TraceReplaySummary;
  /** Each deployment's concurrency cap per bucket, when router.concurrencyLimit is on. */
  readonly concurrencyLimits?: readonly ConcurrencyLimitPoint[];
  /** Results per priority class, when router.priorityQueue is on. */
  readonly priorityClasses?: readonly PriorityClassSummary[];
  /** Per-provider prefix-cache statistics, for providers with a prefix cache. */
  readonly prefixCache?: readonly PrefixCacheSummary[];
  /** Per-tenant success, latency and cost, and Jain's fairness index, when requests carry tenants. */
  readonly tenants?: TenantsRunSummary;
  /** Spend budgets (router.budgets): spend, when each ran out, and the forecast. */
  readonly budgets?: readonly BudgetSummary[];
}
