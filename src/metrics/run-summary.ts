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
  /** Mean busy slots / maxConcurrent over the run. */
  readonly utilization: number;
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
}

export interface TimeBucket {
  readonly tS: number;
  readonly arrivals: number;
  readonly successes: number;
  readonly failures: number;
  readonly meanLatencyMs: number;
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
  readonly latencyMs: LatencySummary;
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
  readonly littlesLaw: { readonly meanInSystem: number; readonly arrivalRatePerS: number; readonly meanSojournS: number };
  readonly deployments: readonly DeploymentSummary[];
  readonly providers: readonly ProviderSummary[];
  readonly incidents: readonly IncidentSummary[];
  readonly bucketS: number;
  readonly timeseries: readonly TimeBucket[];
  readonly healthTimeline: readonly HealthTimelineEntry[];
  readonly healthTimelineTruncated: boolean;
  readonly eventsProcessed: number;
}
