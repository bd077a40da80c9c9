import { maxOf, minOf } from '../../core/bulk-array.js';
import type { LoggedAttempt } from '../logs/logged-request.js';
import { sortedQuantile } from '../sample-quantiles.js';
import { REQUEST_CHARGE, tokenCharge, type BucketCharge } from './bucket-charge.js';
import { replayBucket, type ReplayFit } from './bucket-replay.js';

/**
 * RPM / TPM limits from 429 patterns. routesim (and most providers) meter with a token
 * bucket refilled at limit/minute; while 429s keep coming the bucket is empty, so a minute
 * that has 429s near both its ends admitted about one refill: `rpm` requests or `tpm` tokens
 * (input + output). The medians over such saturated minutes are first guesses; each is then
 * refined by replaying a token bucket of that kind over every attempt at limits from 0.7× to
 * 1.3× the guess and keeping the one under which the logged admit / 429 decisions are most
 * likely (bucket-replay.ts). The kind under which they are more likely is the limit that binds
 * (a count bucket cannot explain why large requests were refused while small ones passed, and
 * the other way round); the other is only known to be above what was admitted.
 */
export interface LimitEstimate {
  readonly perMinute: number;
  /** 95% profile-likelihood interval of the limit (over the limits searched). */
  readonly lo: number;
  readonly hi: number;
  /** Expected fraction of the admit / 429 decisions the replay at `perMinute` reproduces. */
  readonly agreement: number;
  /** Log-likelihood of those decisions at `perMinute` (the kinds are compared on it). */
  readonly logLik: number;
  /** Fitted sd (ms) of the provider's moment of decision around the logged send time. */
  readonly timingSdMs: number;
  /** Saturated minutes the first guess came from, and that guess. */
  readonly minutes: number;
  readonly medianOfMinutes: number;
}

export interface RateLimitInference {
  readonly limited: number;
  /** Attempts that reached the limiter (connection errors and context overflows aside). */
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
/** Factors of the first guess the replay searches: around saturated minutes' median, or wider from sparse ones. */
const NARROW_RANGE = [0.7, 1.3] as const;
const WIDE_RANGE = [0.5, 2] as const;
/** The search's steps, each around the best of the one before, as fractions of the first guess. */
const STEPS = [0.01, 0.001, 0.0001] as const;
/** How far (sd, ms) the provider's moment of decision may lie from the logged send time: searched. */
const TIMING_SD_MS = [0, 30, 300, 3000] as const;
/** 429s needed to read a limit without two saturated minutes. */
const MIN_SPARSE_429S = 20;

/**
 * Attempts that never reached the limiter: a refused or reset connection (a provider that is
 * down, a network error) and a prompt over the context window are turned away before any
 * token is metered (routesim's providers and real ones alike), so they neither take from the
 * bucket nor say anything about it. Counting them as admitted drained the replayed bucket
 * through an outage while the real one refilled (a TPM limit was read as an RPM one).
 */
const UNMETERED: ReadonlySet<string> = new Set(['connection-error', 'context-exceeded']);

export function inferRateLimits(attempts: readonly LoggedAttempt[]): RateLimitInference {
  const sorted = attempts.filter((a) => !UNMETERED.has(a.outcome));
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
  // Sparse traffic rarely shows a 429 at both ends of a minute; with enough 429s the minutes that
  // had any give a rougher first guess, searched over a wider range by the same replay.
  const sparse = sat.length < 2;
  const guessMinutes = sparse ? [...minutes.values()].filter((b) => b.first429 !== undefined) : sat;
  if (sparse && limited < MIN_SPARSE_429S) return { ...base, note: `${limited} 429s but ${sat.length} saturated minute(s): too few to read the limit (peak admitted ${peakRpm} requests / ${peakTpm} tokens per minute)` };
  const range = sparse ? WIDE_RANGE : NARROW_RANGE;
  const sortedMedian = (xs: number[]) => sortedQuantile([...xs].sort((a, b) => a - b), 0.5);
  const rpm = refine(sorted, sortedMedian(guessMinutes.map((b) => b.admitted)), REQUEST_CHARGE, guessMinutes.length, range);
  const tpm = refine(sorted, sortedMedian(guessMinutes.map((b) => b.tokens)), tokenCharge(sorted), guessMinutes.length, range);
  return rpm.logLik >= tpm.logLik ? { ...base, rpm } : { ...base, tpm };
}

/**
 * Maximum-likelihood search of the limit around `guess`, jointly with how far the provider's
 * moment of decision lies from the logged send time (TIMING_SD_MS): steps of 1% of the guess
 * with exact times, the other timings within three steps of that best, then steps of 0.1% and
 * 0.01% at the best timing, each within one step of the coarser grid's best. With exact times the likelihood peaks sharply at the true limit (above
 * it the replayed bucket keeps a surplus and no 429 fits, below it the admitted attempts
 * overdraw it), often more narrowly than 1%; with times that wander (a loaded gateway, a slow
 * network) a step threshold misread every decision near it, and the timing term widens the peak.
 */
function refine(sorted: readonly LoggedAttempt[], guess: number, charge: BucketCharge, minutes: number, range: readonly [number, number]): LimitEstimate {
  type Point = { limit: number; timingSdMs: number; fit: ReplayFit };
  const seen = new Map<string, Point>();
  const at = (limit: number, timingSdMs: number) => {
    const key = `${limit}/${timingSdMs}`;
    if (!seen.has(key)) seen.set(key, { limit, timingSdMs, fit: replayBucket(sorted, limit, charge, timingSdMs) });
  };
  const search = (from: number, to: number, step: number, timingSdMs: number) => {
    for (let f = from; f <= to + 1e-9; f += step) at(Math.max(1, Math.round(guess * f)), timingSdMs);
  };
  const better = (x: Point, b: Point) => x.fit.logLik > b.fit.logLik || (x.fit.logLik === b.fit.logLik && (x.limit < b.limit || (x.limit === b.limit && x.timingSdMs < b.timingSdMs)));
  const bestOf = (timingSdMs?: number) => [...seen.values()].filter((p) => timingSdMs === undefined || p.timingSdMs === timingSdMs).reduce((b, x) => (better(x, b) ? x : b));
  search(range[0], range[1], STEPS[0], 0);
  // Every timing puts the peak at about the same limit: the others are searched near it.
  const exact = bestOf(0).limit / guess;
  for (const sd of TIMING_SD_MS) if (sd > 0) search(exact - 3 * STEPS[0], exact + 3 * STEPS[0], STEPS[0], sd);
  const timingSdMs = bestOf().timingSdMs;
  for (let i = 1; i < STEPS.length; i++) {
    // The peak lies between the best point and a neighbour of the coarser grid: search there finer.
    const best = bestOf(timingSdMs).limit / guess;
    search(best - STEPS[i - 1], best + STEPS[i - 1], STEPS[i], timingSdMs);
  }
  const best = bestOf(timingSdMs);
  // Profile-likelihood 95% interval: the limits within χ²₁(0.95) / 2 of the best log-likelihood.
  const near = [...seen.values()].filter((p) => p.timingSdMs === timingSdMs && p.fit.logLik >= best.fit.logLik - 1.92).map((p) => p.limit);
  return {
    perMinute: best.limit, lo: minOf(near), hi: maxOf(near),
    agreement: best.fit.agreement, logLik: best.fit.logLik, timingSdMs, minutes, medianOfMinutes: guess,
  };
}
