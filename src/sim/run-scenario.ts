import { createRng } from '../core/rng.js';
import type { Scenario } from '../config/scenario-schema.js';
import { strategyParamsFor } from '../config/strategy-params.js';
import type { ExplainSink } from '../routing/explain.js';
import { isStrongDeployment } from '../routing/quality-truth.js';
import { Router } from '../routing/router.js';
import { QUALITY_RANK, type RouteRequest, type RouteResult } from '../routing/types.js';
import { createStrategy } from '../routing/strategies/registry.js';
import { summarizeIncidents } from '../metrics/incident-detection.js';
import { budgetSummaryOf } from '../metrics/budget-summary.js';
import { RunMetrics } from '../metrics/run-metrics.js';
import type { ProviderSummary, RunSummary } from '../metrics/run-summary.js';
import { summarizeRun } from '../metrics/summarize-run.js';
import { SimScheduler } from './sim-scheduler.js';
import type { RequestSource } from './traffic/request-source.js';
import { createTrafficSource } from './traffic/create-traffic-source.js';
import { withQualityTruth } from './traffic/quality/with-quality-truth.js';
import { withStreaming } from './traffic/streaming-source.js';
import type { TrafficCache } from './traffic/traffic-cache.js';
import { buildDeployments } from './world/build-deployments.js';
import { World } from './world/world.js';
import { prefixCacheSummaryOf } from './world/prefix-cache-summary.js';

export interface RunOptions {
  /** Overrides the scenario's router.strategy. */
  readonly strategy?: string;
  readonly seed?: number | string;
  /** Replication index: independent randomness per replication, shared across strategies. */
  readonly replication?: number;
  readonly explain?: ExplainSink;
  /** Called now and then with the fraction of simulated time done. */
  readonly onProgress?: (fraction: number) => void;
  /** Replaces the synthetic traffic (trace replay). */
  readonly source?: RequestSource;
  /** Polled every few thousand events; return true to stop early. */
  readonly shouldStop?: () => boolean;
  /** Reuses the synthetic traffic of an earlier run with the same scenario, seed and replication. */
  readonly trafficCache?: TrafficCache;
}

/** Root seed of one replication; strategies share it (common random numbers). */
export function replicationSeed(seed: number | string, replication: number): string {
  return replication === 0 ? String(seed) : `${seed}#${replication}`;
}

export { strategyParamsFor };

/** Runs one scenario with one strategy; deterministic in (scenario, strategy, seed, replication). */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunSummary {
  const seed = replicationSeed(opts.seed ?? scenario.seed, opts.replication ?? 0);
  const rng = createRng(seed);
  const horizonMs = scenario.durationS * 1000;
  const strategyName = opts.strategy ?? scenario.router.strategy;
  const deployments = buildDeployments(scenario);
  const index = new Map(deployments.map((d, i) => [d.id, i]));
  const scheduler = new SimScheduler();
  // Every request's deadline and every attempt's timeout are fixed delays set in time order.
  // (One lane when they are equal: a second identical lane would only take what the first refused.)
  const { deadlineMs, attemptMs, firstTokenMs } = scenario.router.timeouts;
  scheduler.addFifoLane(deadlineMs);
  if (attemptMs !== deadlineMs) scheduler.addFifoLane(attemptMs);
  if (firstTokenMs !== undefined && firstTokenMs !== attemptMs && firstTokenMs !== deadlineMs && scenario.traffic.streamFraction > 0) scheduler.addFifoLane(firstTokenMs);
  const failurePenaltyMs = scenario.metrics.failurePenaltyMs ?? deadlineMs;
  const metrics = new RunMetrics(scenario.metrics, horizonMs, index, deployments.map((d) => QUALITY_RANK[d.qualityTier]), deployments.map(isStrongDeployment), failurePenaltyMs);
  const world = new World(
    scenario, deployments, scheduler, rng.fork('world'),
    (i, costUsd, atMs) => metrics.onBilled(i, costUsd, atMs),
    (i, atMs) => metrics.onAttemptSent(i, atMs),
    // The strategy exists by the time a price change runs (scheduled, never during setup).
    () => strategy.pricesChanged?.(),
  );
  const strategy = createStrategy(strategyName, strategyParamsFor(scenario, strategyName), { deployments });
  const router = new Router({
    scheduler, rng: rng.fork('router'), deployments, config: scenario.router, strategy, transport: world,
    sink: (e) => metrics.onRouterEvent(e), truth: world, explain: opts.explain,
  });
  if (scenario.router.concurrencyLimit !== false) metrics.admission.startLimits(new Map(deployments.map((d) => [d.id, router.concurrencyLimitOf(d.id)!])));
  // Trace, ServeGen or synthetic traffic (scenario.traffic), with quality ground truth when asked.
  const makeSource = () => {
    const trafficRng = rng.fork('traffic');
    const annotated = withQualityTruth(opts.source ?? createTrafficSource(scenario, trafficRng, horizonMs), scenario.traffic, trafficRng);
    return withStreaming(annotated, scenario.traffic.streamFraction, trafficRng);
  };
  const source = opts.trafficCache === undefined || opts.source !== undefined ? makeSource() : opts.trafficCache.source(scenario, seed, horizonMs, makeSource);

  // One arrival pending at a time, in time order: a FIFO lane of its own, no closure per event.
  const arrivalLane = scheduler.addOrderedLane();
  const scheduleNext = () => {
    const next = source.next();
    if (next !== undefined && next.arrivalMs < horizonMs) {
      scheduler.scheduleCallIn(arrivalLane, Math.max(0, next.arrivalMs - scheduler.now()), arrive, next);
    }
  };
  const routed = (r: RouteResult, req: RouteRequest) => metrics.onResult(req, r, scheduler.now());
  const arrive = (req: RouteRequest) => {
    metrics.onArrival(req);
    router.route(req, routed);
    scheduleNext();
  };
  scheduleNext();

  router.start();
  // Time averages (utilization, busy slots) cover [0, horizon], the time the user asked for:
  // after it requests drain and the clock runs on through pending timers (a deadline of
  // 600 s on a 300 s run would otherwise dilute them threefold).
  let providersAtHorizon: ProviderSummary[] | undefined;
  scheduler.scheduleAt(horizonMs, () => {
    router.stop();
    providersAtHorizon = providerTimeAverages(world, horizonMs);
  }, 1);
  const progressEveryMs = horizonMs / 100;
  for (let t = progressEveryMs; opts.onProgress && t <= horizonMs; t += progressEveryMs) {
    const fraction = t / horizonMs;
    scheduler.scheduleAt(t, () => opts.onProgress!(fraction), 2);
  }
  // Arrivals stop at the horizon; requests in flight then drain, bounded by their deadline.
  try {
    scheduler.run(horizonMs + scenario.router.timeouts.deadlineMs + 1, opts.shouldStop);
  } finally {
    source.close?.();
  }
  const inFlightAtHorizon = router.inFlightRequests;
  router.abandonInFlight();
  // A run stopped early (shouldStop) never reached the horizon: its averages end where it did.
  const averagedUntilMs = Math.min(horizonMs, scheduler.now());

  const providerOf = (id: string) => deployments[index.get(id)!].providerId;
  return summarizeRun({
    scenario, strategyName, seed, metrics, deployments, inFlightAtHorizon, averagedUntilMs, failurePenaltyMs,
    providers: providersAtHorizon ?? providerTimeAverages(world, averagedUntilMs),
    incidents: summarizeIncidents(world.incidents, metrics.timeline, providerOf),
    incidentsTruncated: world.incidentsTruncated,
    eventsProcessed: scheduler.eventsProcessed,
    extra: {
      ...(source.traceSummary === undefined ? {} : { trace: source.traceSummary() }),
      ...prefixCacheSummaryOf(world.providers.values()),
    },
    tail: {
      ...optionalPolicies(metrics.tenants.summary(), router.policies?.budgetStates, averagedUntilMs),
      ...metrics.admission.summary(horizonMs),
    },
  });
}

function providerTimeAverages(world: World, untilMs: number): ProviderSummary[] {
  return [...world.providers.values()].map((p) => {
    const meanBusySlots = p.meanBusySlots(untilMs);
    return { id: p.id, meanBusySlots, utilization: meanBusySlots / p.maxConcurrent };
  });
}

/** Tenant and budget blocks only when there is something to say (keeps other summaries' bytes unchanged). */
function optionalPolicies(tenants: RunSummary['tenants'], budgets: Parameters<typeof budgetSummaryOf>[0] | undefined, elapsedMs: number): Pick<RunSummary, 'tenants' | 'budgets'> {
  return {
    ...(tenants === undefined ? {} : { tenants }),
    ...(budgets === undefined || budgets.length === 0 ? {} : { budgets: budgetSummaryOf(budgets, elapsedMs) }),
  };
}
