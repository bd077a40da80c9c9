import type { Scenario } from '../config/scenario-schema.js';
import type { Deployment } from '../routing/types.js';
import type { RunMetrics } from './run-metrics.js';
import type { RunSummary } from './run-summary.js';

/** What a run adds to its metrics to make a RunSummary: the simulator's, or a live load run's. */
export interface RunSummaryInput {
  readonly scenario: Scenario;
  readonly strategyName: string;
  readonly seed: string;
  readonly metrics: RunMetrics;
  readonly deployments: readonly Deployment[];
  readonly inFlightAtHorizon: number;
  /** Where time averages end: the horizon, or where a run stopped early. */
  readonly averagedUntilMs: number;
  /** What a failed request counts as in latencyAllMs and the SLO attainment. */
  readonly failurePenaltyMs: number;
  readonly providers: RunSummary['providers'];
  readonly incidents: RunSummary['incidents'];
  /** More incident windows were simulated than listed in `incidents`. */
  readonly incidentsTruncated?: boolean;
  readonly eventsProcessed: number;
  /** Optional blocks (trace, prefixCache) placed after eventsProcessed, before quality. */
  readonly extra?: Partial<RunSummary>;
  /** Optional blocks placed after quality (tenants, budgets, admission). */
  readonly tail?: Partial<RunSummary>;
}

/** The RunSummary of a finished run, from its metrics (one shape for simulated and live runs). */
export function summarizeRun(x: RunSummaryInput): RunSummary {
  const { metrics, scenario } = x;
  const successes = metrics.succeeded;
  return {
    scenario: scenario.name,
    strategy: x.strategyName,
    seed: x.seed,
    durationS: scenario.durationS,
    requests: {
      total: metrics.total,
      succeeded: successes,
      failed: metrics.failed,
      failedByReason: sortKeys(metrics.failedByReason),
      failedByLastError: sortKeys(metrics.failedByLastError),
      inFlightAtHorizon: x.inFlightAtHorizon,
      servedBelowTier: metrics.servedBelowTier,
    },
    successRate: metrics.total > 0 ? successes / metrics.total : NaN,
    uptime: metrics.uptime(),
    sloSuccessRate: scenario.metrics.sloSuccessRate,
    latencyMs: metrics.latency(metrics.e2e),
    latencyAllMs: metrics.latency(metrics.e2eAll),
    failurePenaltyMs: x.failurePenaltyMs,
    sloAttainment: metrics.total > 0 ? metrics.metTarget / metrics.total : NaN,
    latencyTargetMs: scenario.metrics.latencyTargetMs,
    decisionHash: metrics.decisions.hex(),
    latencyCdf: metrics.cdf(metrics.e2e),
    ttftMs: metrics.latency(metrics.ttft),
    queueMs: metrics.latency(metrics.queue),
    probWait: metrics.queue.count > 0 ? metrics.waited / metrics.queue.count : NaN,
    costUsd: {
      total: metrics.costUsd,
      perRequest: metrics.total > 0 ? metrics.costUsd / metrics.total : NaN,
      per1kSuccessful: successes > 0 ? (metrics.costUsd / successes) * 1000 : NaN,
    },
    tokens: { input: metrics.inputTokens, output: metrics.outputTokens },
    retries: metrics.retries,
    failovers: metrics.failovers,
    hedges: metrics.hedges,
    panicRequests: metrics.panicRequests,
    littlesLaw: metrics.littlesLaw(x.averagedUntilMs),
    deployments: x.deployments.map((d, i) => ({
      id: d.id,
      providerId: d.providerId,
      attempts: metrics.attemptsByDeployment[i],
      served: metrics.servedByDeployment[i],
      share: successes > 0 ? metrics.servedByDeployment[i] / successes : 0,
      costUsd: metrics.costByDeployment[i],
    })),
    providers: x.providers,
    incidents: x.incidents,
    ...(x.incidentsTruncated === true ? { incidentsTruncated: true as const } : {}),
    bucketS: scenario.metrics.bucketS,
    timeseries: metrics.timeseries(),
    healthTimeline: metrics.timeline,
    healthTimelineTruncated: metrics.timelineTruncated,
    eventsProcessed: x.eventsProcessed,
    ...x.extra,
    ...optionalQuality(metrics.quality.summary()),
    ...x.tail,
  };
}

/** The quality block only when requests carried ground truth (keeps other summaries' bytes unchanged). */
function optionalQuality(quality: RunSummary['quality']): Pick<RunSummary, 'quality'> {
  return quality === undefined ? {} : { quality };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
