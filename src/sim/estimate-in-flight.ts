import type { ProviderSpec, Scenario } from '../config/scenario-schema.js';
import { maxOf } from '../core/bulk-array.js';
import { createDistribution } from './distributions/create-distribution.js';

/**
 * Requests a run may hold in flight at once. Each costs about 0.9 KB with its attempt, queue
 * entry and timers (measured: 200,000 stuck requests, 176 MB of heap), so this is ~1 GB.
 */
export const MAX_IN_FLIGHT = 1_000_000;

/**
 * Worst case of requests in flight at once, or 0 when the providers keep up. When the
 * arrival rate exceeds what the providers can serve (slots / mean service time, slowed by
 * their worst brownout) and a provider queues without limit, the backlog only ends at the
 * deadline: rate × min(deadline, horizon) requests pile up (Little's law).
 */
export function worstInFlight(s: Scenario, requests: number): number {
  const ratePerS = requests / s.durationS;
  const capacityPerS = s.providers.reduce((sum, p) => sum + servedPerS(p, s), 0);
  const unboundedQueue = s.providers.some((p) => p.capacity.maxQueue === undefined);
  if (!(ratePerS > capacityPerS) || !unboundedQueue) return 0;
  return (ratePerS * Math.min(s.router.timeouts.deadlineMs, s.durationS * 1000)) / 1000;
}

/** Requests per second a provider completes when busy: its slots over its slowest mean service time. */
function servedPerS(p: ProviderSpec, s: Scenario): number {
  const inputTokens = createDistribution(s.traffic.inputTokens).mean;
  const outputTokens = createDistribution(s.traffic.outputTokens).mean;
  const serviceMs =
    createDistribution(p.latency.ttftMs).mean + p.latency.ttftMsPerInputToken * inputTokens + outputTokens * createDistribution(p.latency.msPerOutputToken).mean;
  return serviceMs > 0 ? (p.capacity.maxConcurrent * 1000) / (serviceMs * slowestLatencyFactor(p)) : Infinity;
}

/** How much slower than its base latency a provider can get: its slowest model, in its worst brownout. */
export function slowestLatencyFactor(p: ProviderSpec): number {
  return maxOf([1, ...p.models.map((m) => m.latencyFactor)]) * maxOf([1, ...p.incidents.map((i) => (i.kind === 'brownout' ? i.latencyFactor : 1))]);
}
