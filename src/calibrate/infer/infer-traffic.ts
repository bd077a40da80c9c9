import { MIN_FIT_SAMPLES, fitSample, type FitOptions, type SampleFit } from '../fit-candidates.js';
import type { LoggedRequest } from '../logs/logged-request.js';
import { inferArrivals, type ArrivalInference } from './infer-arrivals.js';
import { bootstrapParamIntervals, type ParamInterval } from './param-intervals.js';
import { wilsonInterval } from './wilson-interval.js';

/**
 * The traffic of `calibrate --synthetic`: instead of a trace of the logged requests, fitted
 * distributions — the arrival process (infer-arrivals), input and output token lengths (the
 * `fit` pipeline's families, KS-chosen, empirical when every family is rejected, with
 * bootstrap intervals), the share of streamed requests and the tenant mix, each with the
 * observation count it came from. Output lengths come from successful requests only: a failed
 * one logged none.
 */
export interface TokenFit {
  readonly fit: SampleFit;
  readonly intervals?: Record<string, ParamInterval>;
  /** Requests left out (no tokens logged). */
  readonly unusable: number;
}

export interface SyntheticTraffic {
  readonly arrivals: ArrivalInference;
  readonly inputTokens?: TokenFit;
  readonly outputTokens?: TokenFit;
  readonly stream: { readonly count: number; readonly n: number; readonly rate: number; readonly lo: number; readonly hi: number };
  /** Requests per tenant (absent when no request logged one). */
  readonly tenants?: ReadonlyMap<string, number>;
  readonly distinctClients: number;
}

function tokenFit(values: readonly number[], total: number, seed: string, opts: FitOptions): TokenFit | undefined {
  const usable = values.filter((x) => x > 0);
  if (usable.length < MIN_FIT_SAMPLES) return undefined;
  const fit = fitSample(usable, opts);
  return { fit, intervals: fit.recommended === 'parametric' ? bootstrapParamIntervals(fit, seed) : undefined, unusable: total - usable.length };
}

export function inferTraffic(requests: readonly LoggedRequest[], opts: FitOptions = {}): SyntheticTraffic {
  const ok = requests.filter((r) => r.ok);
  const streamed = requests.filter((r) => r.stream).length;
  const tenants = new Map<string, number>();
  for (const r of requests) if (r.tenant !== null) tenants.set(r.tenant, (tenants.get(r.tenant) ?? 0) + 1);
  return {
    arrivals: inferArrivals(requests.map((r) => r.startMs)),
    inputTokens: tokenFit(requests.map((r) => r.inputTokens), requests.length, 'traffic/input', opts),
    outputTokens: tokenFit(ok.map((r) => r.outputTokens), ok.length, 'traffic/output', opts),
    stream: { count: streamed, n: requests.length, ...wilsonInterval(streamed, requests.length) },
    ...(tenants.size > 0 ? { tenants: new Map([...tenants].sort((a, b) => a[0].localeCompare(b[0]))) } : {}),
    distinctClients: new Set(requests.map((r) => r.clientHash).filter((c) => c !== null)).size,
  };
}

/**
 * The fitted traffic carried past the end of its log (a backtest's held-out part): the
 * latest arrival rate as a Poisson process, the rest unchanged.
 */
export function projectTraffic(t: SyntheticTraffic): SyntheticTraffic {
  const last = t.arrivals.segments[t.arrivals.segments.length - 1];
  return { ...t, arrivals: { ...t.arrivals, kind: 'poisson', segments: [{ ...last, startS: 0 }] } };
}
