import type { Scenario } from '../config/scenario-schema.js';
import { maxOf } from '../core/bulk-array.js';
import { slowestLatencyFactor } from './estimate-in-flight.js';
import { createDistribution } from './distributions/create-distribution.js';

/**
 * Events a streamed request adds beyond an unstreamed one, per attempt: its first token, the
 * first-token timer, and the idle check, which re-arms from the last token every `idleMs`
 * while the stream runs (so a stream of S ms checks about S / idleMs + 1 times; a stall ends at
 * its first check). The stream's length is taken from the slowest provider's mean pace.
 */
export function streamEventsPerRequest(s: Scenario): number {
  const share = s.traffic.trace?.columns?.stream !== undefined ? 1 : s.traffic.streamFraction;
  if (share === 0) return 0;
  const { firstTokenMs, idleMs } = s.router.timeouts;
  let perAttempt = 1 + (firstTokenMs !== undefined ? 1 : 0);
  if (idleMs !== undefined) {
    const outputTokens = createDistribution(s.traffic.outputTokens).mean;
    const streamMs = maxOf(
      s.providers.map((p) => outputTokens * createDistribution(p.latency.msPerOutputToken).mean * slowestLatencyFactor(p)),
    );
    perAttempt += Math.min(streamMs, s.router.timeouts.deadlineMs) / idleMs + 1;
  }
  return share * perAttempt;
}
