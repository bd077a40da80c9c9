import { groupBy } from '../../core/group-by.js';
import type { FitOptions } from '../fit-candidates.js';
import { fitLatencyGroups, type LatencyGroupFit } from '../fit-latency.js';
import { fitOutageGroups, type OutageGroupFit } from '../fit-outages.js';
import type { LoggedAttempt } from '../logs/logged-request.js';
import { inferOutages, insideOutage, type OutageInference } from './infer-outages.js';
import { inferPrice, type InferredPrice } from './infer-prices.js';
import { inferRateLimits, type RateLimitInference } from './infer-rate-limits.js';
import { bootstrapParamIntervals, type ParamInterval } from './param-intervals.js';
import { wilsonInterval } from './wilson-interval.js';

/**
 * Everything calibration infers about one provider from its attempts: latency fits (the
 * `fit latency` pipeline) with bootstrap intervals, error rates by kind outside outages,
 * rate limits, outage windows (and their MTBF / MTTR fit when there are enough), prices.
 * routesim models latency, limits and incidents per provider; models differ only in price.
 */
export interface ErrorRate {
  readonly count: number;
  /** Attempts the rate is over: outside outages, cancellations aside; for 5xx and timeouts only the admitted (no 429, connection error or context overflow). */
  readonly base: number;
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
}

export interface ProviderCalibration {
  readonly provider: string;
  readonly attempts: number;
  /** Model ids (the deployment id after `provider/`) with their attempts. */
  readonly models: ReadonlyMap<string, readonly LoggedAttempt[]>;
  readonly latency: LatencyGroupFit;
  readonly intervals: { readonly ttftMs?: Record<string, ParamInterval>; readonly msPerOutputToken?: Record<string, ParamInterval> };
  readonly errors: { readonly serverErrorRate: ErrorRate; readonly timeoutRate: ErrorRate; readonly connectionErrorRate: ErrorRate };
  /** Other failure kinds seen (client errors, context exceeded), by count. */
  readonly otherFailures: Readonly<Record<string, number>>;
  readonly rateLimits: RateLimitInference;
  readonly outages: OutageInference;
  readonly outageProcess?: OutageGroupFit;
  readonly prices: ReadonlyMap<string, InferredPrice | undefined>;
}

export const modelOf = (a: LoggedAttempt) => (a.deployment.startsWith(`${a.provider}/`) ? a.deployment.slice(a.provider.length + 1) : a.deployment);

/** Outcomes decided before a provider serves: not in the base of its 5xx and timeout rates. */
const BEFORE_SERVICE: ReadonlySet<string> = new Set(['connection-error', 'context-exceeded', 'rate-limited']);
/** Outcomes the written scenario models (as errors, limits or success); the rest are listed as other failures. */
const MODELLED: ReadonlySet<string> = new Set(['success', 'server-error', 'overloaded', 'timeout', 'connection-error', 'rate-limited']);

const UNTIMED = 'the log has no arrival times (llmperf): not inferred';

/** `timed` false: the attempts' times are not real (llmperf), so no limits or outage windows are read from them. */
export function calibrateProvider(provider: string, attempts: readonly LoggedAttempt[], fitOpts: FitOptions = {}, timed = true): ProviderCalibration {
  const sorted = [...attempts].sort((a, b) => a.startMs - b.startMs);
  const outages = timed ? inferOutages(sorted) : { windows: [], backgroundRate: 0, minRunLength: 0, note: UNTIMED };
  const latency = fitLatencyGroups(
    sorted.map((a) => ({
      group: provider,
      ok: a.outcome === 'success',
      errorCode: a.outcome === 'success' ? undefined : a.outcome,
      ttftMs: a.ttftMs ?? undefined,
      msPerOutputToken: a.ttftMs !== null && a.outputTokens > 0 ? (a.latencyMs - a.ttftMs) / a.outputTokens : undefined,
    })),
    fitOpts,
  )[0];
  // Denominators in the order a provider (routesim's, and a real one) meets an attempt: a
  // connection error before anything is metered, then the context window and the rate-limit
  // buckets, then 5xx and timeouts on the admitted. Over a heavily limited provider, a
  // connection-error rate over the admitted attempts alone read several times too high.
  const reached = sorted.filter((a) => a.outcome !== 'cancelled' && !insideOutage(outages.windows, a.startMs));
  const base = reached.filter((a) => !BEFORE_SERVICE.has(a.outcome));
  const rate = (kinds: readonly string[], over: readonly LoggedAttempt[]): ErrorRate => {
    const k = over.filter((a) => kinds.includes(a.outcome)).length;
    const w = wilsonInterval(k, over.length);
    return { count: k, base: over.length, rate: w.rate, lo: w.lo, hi: w.hi };
  };
  const otherFailures: Record<string, number> = {};
  for (const a of reached) if (!MODELLED.has(a.outcome)) otherFailures[a.outcome] = (otherFailures[a.outcome] ?? 0) + 1;
  const spans = outages.windows.map((w) => ({ group: provider, startS: w.startMs / 1000, endS: w.endMs / 1000 }));
  const outageProcess = spans.length >= 4 ? fitOutageGroups(spans, fitOpts)[0] : undefined;
  const models = groupBy(sorted, modelOf);
  return {
    provider,
    attempts: sorted.length,
    models,
    latency,
    intervals: {
      ttftMs: latency.ttftMs && bootstrapParamIntervals(latency.ttftMs, `${provider}/ttft`),
      msPerOutputToken: latency.msPerOutputToken && bootstrapParamIntervals(latency.msPerOutputToken, `${provider}/per-token`),
    },
    errors: { serverErrorRate: rate(['server-error', 'overloaded'], base), timeoutRate: rate(['timeout'], base), connectionErrorRate: rate(['connection-error'], reached) },
    otherFailures,
    rateLimits: timed ? inferRateLimits(sorted) : { limited: sorted.filter((a) => a.outcome === 'rate-limited').length, attempts: sorted.length, peakRpm: 0, peakTpm: 0, note: `${sorted.filter((a) => a.outcome === 'rate-limited').length} 429s; ${UNTIMED}` },
    outages,
    outageProcess,
    prices: new Map([...models].map(([m, list]) => [m, inferPrice(list)])),
  };
}
