import type { LoggedAttempt } from '../logs/logged-request.js';
import { sortedQuantile } from '../sample-quantiles.js';

/**
 * RPM / TPM limits from 429 patterns. routesim (and most providers) meter with a token
 * bucket refilled at limit/minute; while 429s keep coming the bucket is empty, so a minute
 * that has 429s near both its ends admitted almost exactly one refill: `rpm` requests or
 * `tpm` tokens (input + output). The limit that binds is the one whose admitted amount is
 * steadier across such saturated minutes (smaller coefficient of variation); the other is
 * only known to be above what was admitted. The estimate is the median over saturated
 * minutes, its spread the interquartile range.
 */
export interface LimitEstimate {
  readonly perMinute: number;
  readonly lo: number;
  readonly hi: number;
  /** Saturated minutes the estimate came from. */
  readonly minutes: number;
}

export interface RateLimitInference {
  readonly limited: number;
  readonly attempts: number;
  readonly rpm?: LimitEstimate;
  readonly tpm?: LimitEstimate;
  /** Peak admitted per minute (a lower bound when no limit is inferred). */
  readonly peakRpm: number;
  readonly peakTpm: number;
  /** Why no limit was inferred, when none was. */
  readonly note?: string;
}

const MINUTE_MS = 60_000;
/** A 429 this close to each end of a minute means the bucket was empty at both ends. */
const EDGE_MS = 10_000;

export function inferRateLimits(sorted: readonly LoggedAttempt[]): RateLimitInference {
  const limited = sorted.filter((a) => a.outcome === 'rate-limited').length;
  if (sorted.length === 0) return { limited, attempts: 0, peakRpm: 0, peakTpm: 0, note: 'no attempts' };
  const t0 = sorted[0].startMs;
  const minutes = new Map<number, { admitted: number; tokens: number; first429?: number; last429?: number }>();
  for (const a of sorted) {
    const m = Math.floor((a.startMs - t0) / MINUTE_MS);
    let b = minutes.get(m);
    if (b === undefined) minutes.set(m, (b = { admitted: 0, tokens: 0 }));
    const off = a.startMs - t0 - m * MINUTE_MS;
    if (a.outcome === 'rate-limited') {
      b.first429 ??= off;
      b.last429 = off;
    } else {
      b.admitted++;
      b.tokens += a.inputTokens + a.outputTokens;
    }
  }
  let peakRpm = 0;
  let peakTpm = 0;
  const sat: { admitted: number; tokens: number }[] = [];
  for (const b of minutes.values()) {
    peakRpm = Math.max(peakRpm, b.admitted);
    peakTpm = Math.max(peakTpm, b.tokens);
    if (b.first429 !== undefined && b.first429 <= EDGE_MS && b.last429! >= MINUTE_MS - EDGE_MS) sat.push(b);
  }
  const base = { limited, attempts: sorted.length, peakRpm, peakTpm };
  if (limited === 0) return { ...base, note: `no 429s in ${sorted.length} attempts: any limit is above the peak of ${peakRpm} requests / ${peakTpm} tokens per minute` };
  if (sat.length < 2) return { ...base, note: `${limited} 429s but ${sat.length} saturated minute(s): too few to read the limit (peak admitted ${peakRpm} requests / ${peakTpm} tokens per minute)` };
  const req = estimate(sat.map((b) => b.admitted));
  const tok = estimate(sat.map((b) => b.tokens));
  return cv(sat.map((b) => b.admitted)) <= cv(sat.map((b) => b.tokens)) ? { ...base, rpm: req } : { ...base, tpm: tok };
}

function estimate(xs: number[]): LimitEstimate {
  const s = [...xs].sort((a, b) => a - b);
  return { perMinute: sortedQuantile(s, 0.5), lo: sortedQuantile(s, 0.25), hi: sortedQuantile(s, 0.75), minutes: s.length };
}

function cv(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  return m > 0 ? Math.sqrt(v) / m : Infinity;
}
