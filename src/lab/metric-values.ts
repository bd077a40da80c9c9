import type { LatencySummary, RunSummary } from '../metrics/run-summary.js';
import { METRICS, type MetricName, type StrategyResult } from './compare-summary.js';

/** The compared metrics of one run, in METRICS order. Undefined metrics are NaN. */
export function metricValuesOf(run: RunSummary): Record<MetricName, number> {
  const values: Record<MetricName, number> = {
    successRate: run.successRate,
    uptime: run.uptime,
    costTotalUsd: run.costUsd.total,
    costPerRequestUsd: run.costUsd.perRequest,
    costPer1kSuccessfulUsd: run.costUsd.per1kSuccessful,
    latencyMeanMs: run.latencyMs.mean,
    latencyP50Ms: run.latencyMs.p50,
    latencyP95Ms: run.latencyMs.p95,
    latencyP99Ms: run.latencyMs.p99,
    latencyAllP50Ms: run.latencyAllMs.p50,
    latencyAllP99Ms: run.latencyAllMs.p99,
    sloAttainment: run.sloAttainment,
    ttftP50Ms: run.ttftMs.p50,
    ttftP99Ms: run.ttftMs.p99,
    queueWaitMeanMs: run.queueMs.mean,
    belowTierRate: run.requests.succeeded > 0 ? run.requests.servedBelowTier / run.requests.succeeded : NaN,
    qualityScore: run.quality?.score ?? NaN,
    strongCallRate: run.quality?.strongCallRate ?? NaN,
    retries: run.retries,
    failovers: run.failovers,
    hedges: run.hedges,
    meanDetectS: meanDefined(run.incidents.map((i) => i.detectS)),
    meanRecoverS: meanDefined(run.incidents.map((i) => i.recoverS)),
    undetectedIncidents: run.incidents.filter((i) => i.detectS === undefined).length,
    unrecoveredIncidents: run.incidents.filter((i) => i.neverRecovered === true).length,
  };
  // Keep the key order of METRICS whatever order the literal above was written in.
  return Object.fromEntries(metricNames().map((m) => [m, values[m]])) as Record<MetricName, number>;
}

export function metricNames(): MetricName[] {
  return Object.keys(METRICS) as MetricName[];
}

/** Mean of the defined, finite values; NaN when there are none (no incident was detected). */
function meanDefined(xs: readonly (number | undefined)[]): number {
  const ok = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  return ok.length === 0 ? NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
}

/** CDF points of successful-request latency: the run's sketch quantiles when present. */
export function latencyCdfOf(latency: LatencySummary, fromSketch?: readonly { q: number; ms: number }[]): { q: number; ms: number }[] {
  if (fromSketch !== undefined && fromSketch.length > 0) return fromSketch.map((p) => ({ q: p.q, ms: p.ms }));
  if (latency.count === 0) return [];
  const points = [
    { q: 0.5, ms: latency.p50 },
    { q: 0.9, ms: latency.p90 },
    { q: 0.95, ms: latency.p95 },
    { q: 0.99, ms: latency.p99 },
    { q: 0.999, ms: latency.p999 },
    { q: 1, ms: latency.max },
  ];
  return points.filter((p) => Number.isFinite(p.ms));
}

/** The chart material kept from one run (replication 1). */
export function sampleOf(run: RunSummary): StrategyResult['sample'] {
  return {
    timeseries: run.timeseries,
    deploymentIds: run.deployments.map((d) => d.id),
    latencyCdf: latencyCdfOf(run.latencyMs, run.latencyCdf),
    incidents: run.incidents,
    healthTimeline: run.healthTimeline,
    ...(run.concurrencyLimits === undefined ? {} : { concurrencyLimits: run.concurrencyLimits }),
  };
}
