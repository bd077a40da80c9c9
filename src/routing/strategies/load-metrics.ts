/**
 * What "load" means, separate from how a picker chooses (Finagle's split). Each metric maps a
 * candidate (and the request, for price) to a number where lower is better; none returns NaN.
 */
import type { Candidate, RouteRequest } from '../types.js';
import type { LoadMetric } from './pickers/picker-types.js';
import { estimateRequestCostUsd } from './request-cost.js';

/** Outstanding attempts on the deployment (least connections, P2C least-request). */
export const inFlightLoad: LoadMetric = (c) => c.stats.inFlight;

/** EWMA latency in ms; `unknownMs` before the first sample (0 = try new deployments first). Needs no request. */
export function ewmaLatencyLoad(unknownMs: number): (c: Candidate) => number {
  return (c) => (Number.isNaN(c.stats.ewmaLatencyMs) ? unknownMs : c.stats.ewmaLatencyMs);
}

/**
 * Finagle/Linkerd peak-EWMA cost: latency estimate × (inFlight + 1), i.e. the expected wait if
 * this request queued behind the outstanding ones. `unknownMs` stands in before data.
 */
export function peakEwmaCostLoad(unknownMs: number): LoadMetric {
  return (c) => {
    const peakMs = c.stats.peakEwmaLatencyMs; // a getter that decays: read it once
    const latencyMs = Number.isNaN(peakMs) ? unknownMs : peakMs;
    return latencyMs * (c.stats.inFlight + 1);
  };
}

/** Estimated price of this request on the deployment, USD. */
export function requestCostLoad(tokensPerWord: number): LoadMetric {
  return (c, req) => estimateRequestCostUsd(c.deployment, req, tokensPerWord);
}

/**
 * Fraction of the tightest per-minute limit still unused: min over rpm and tpm of
 * (limit − usage) / limit, clamped to [0, 1]; 1 when the deployment has no limits.
 * Higher is better (it is headroom, not load); see `usageLoad`.
 */
export function headroomFraction(c: Candidate): number {
  const { rpmLimit, tpmLimit } = c.deployment;
  let headroom = 1;
  if (rpmLimit !== undefined && rpmLimit > 0) {
    headroom = Math.min(headroom, (rpmLimit - c.stats.minuteRequests) / rpmLimit);
  }
  if (tpmLimit !== undefined && tpmLimit > 0) {
    headroom = Math.min(headroom, (tpmLimit - c.stats.minuteTokens) / tpmLimit);
  }
  return Math.max(0, headroom);
}

/** Usage against limits as a load: 1 − headroom (0 = idle or unlimited, 1 = at the limit). */
export const usageLoad: LoadMetric = (c) => 1 - headroomFraction(c);

/** Mean ms per output token; `unknownMs` when there is no successful sample yet. */
export function msPerOutputTokenLoad(unknownMs: number): LoadMetric {
  return (c) => (Number.isNaN(c.stats.msPerOutputToken) ? unknownMs : c.stats.msPerOutputToken);
}

/** Convenience for strategies that score one request at a time. */
export function scoreAll(
  candidates: readonly Candidate[],
  req: RouteRequest,
  metric: LoadMetric,
): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const c of candidates) scores[c.deployment.id] = metric(c, req);
  return scores;
}
