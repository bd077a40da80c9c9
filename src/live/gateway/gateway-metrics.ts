import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RouterEvent } from '../../routing/events.js';
import type { AttemptOutcome, Deployment } from '../../routing/types.js';

/** Seconds: from 5 ms to 2 minutes, roughly ×2 apart (LLM latencies span that much). */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The gateway's Prometheus metrics, on a registry of its own (two gateways in one process do
 * not share counters). Times are the router's clock in seconds (simulated seconds when the
 * gateway runs scaled, so they compare with the simulator's).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'routesim_gateway_requests_total', help: 'Client requests by outcome (success or failure reason)', labelNames: ['outcome'], registers: [this.registry] });
  private readonly attempts = new Counter({ name: 'routesim_gateway_attempts_total', help: 'Upstream attempts by deployment and outcome kind', labelNames: ['deployment', 'outcome'], registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'routesim_gateway_request_latency_seconds', help: 'Request latency, arrival to last byte', labelNames: ['outcome'], buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly ttft = new Histogram({ name: 'routesim_gateway_request_ttft_seconds', help: 'Time to first token of successful requests', buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly attemptLatency = new Histogram({ name: 'routesim_gateway_attempt_latency_seconds', help: 'Upstream attempt latency by deployment', labelNames: ['deployment'], buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly cost = new Counter({ name: 'routesim_gateway_cost_usd_total', help: 'What upstream attempts cost, by deployment (scenario prices)', labelNames: ['deployment'], registers: [this.registry] });
  private readonly excluded = new Gauge({ name: 'routesim_gateway_health_excluded', help: '1 while a health source excludes the deployment', labelNames: ['deployment', 'source'], registers: [this.registry] });
  private readonly breaker = new Gauge({ name: 'routesim_gateway_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['deployment'], registers: [this.registry] });
  private readonly panic = new Gauge({ name: 'routesim_gateway_panic', help: '1 while the router routes in panic mode', registers: [this.registry] });
  private readonly budgetExhausted = new Counter({ name: 'routesim_gateway_budget_exhausted_total', help: 'Times a budget ran out (router.budgets)', labelNames: ['budget'], registers: [this.registry] });
  private readonly concurrencyLimit = new Gauge({ name: 'routesim_gateway_concurrency_limit', help: "A deployment's adaptive in-flight cap (router.concurrencyLimit)", labelNames: ['deployment'], registers: [this.registry] });
  private readonly queued = new Counter({ name: 'routesim_gateway_requests_queued_total', help: 'Requests that waited in the priority queue, by priority', labelNames: ['priority'], registers: [this.registry] });
  readonly inFlight = new Gauge({ name: 'routesim_gateway_in_flight_requests', help: 'Client requests being served', registers: [this.registry] });

  constructor(deployments: readonly Deployment[]) {
    for (const d of deployments) {
      this.breaker.set({ deployment: d.id }, 0);
      for (const source of ['active-check', 'outlier', 'cooldown', 'breaker']) this.excluded.set({ deployment: d.id, source }, 0);
    }
    this.panic.set(0);
  }

  onAttempt(d: Deployment, o: AttemptOutcome): void {
    this.attempts.inc({ deployment: d.id, outcome: o.kind });
    this.attemptLatency.observe({ deployment: d.id }, o.latencyMs / 1000);
    if (o.costUsd > 0) this.cost.inc({ deployment: d.id }, o.costUsd);
  }

  onRequest(outcome: string, latencyMs: number, ttftMs: number | null): void {
    this.requests.inc({ outcome });
    this.latency.observe({ outcome }, latencyMs / 1000);
    if (outcome === 'success' && ttftMs !== null) this.ttft.observe(ttftMs / 1000);
  }

  /** The router's health and breaker announcements. */
  readonly onRouterEvent = (e: RouterEvent): void => {
    switch (e.type) {
      case 'health.changed':
        return this.excluded.set({ deployment: e.deploymentId, source: e.source }, e.excluded ? 1 : 0);
      case 'breaker.transitioned':
        return this.breaker.set({ deployment: e.deploymentId }, BREAKER_STATE_VALUE[e.to]);
      case 'panic.changed':
        return this.panic.set(e.panic ? 1 : 0);
      case 'budget.exhausted':
        return this.budgetExhausted.inc({ budget: e.budget });
      case 'concurrency.changed':
        return this.concurrencyLimit.set({ deployment: e.deploymentId }, e.limit);
      case 'request.queued':
        return this.queued.inc({ priority: String(e.priority) });
    }
  };

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
