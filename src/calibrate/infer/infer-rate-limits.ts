import type { LoggedAttempt } from '../logs/logged-request.js';
import { sortedQuantile } from '../sample-quantiles.js';
import { TokenBucket } from '../../sim/world/token-bucket.js';

/**
 * RPM / TPM limits from 429 patterns. routesim (and most providers) meter with a token
 * bucket refilled at limit/minute; while 429s keep coming the bucket is empty, so a minute
 * that has 429s near both its ends admitted about one refill: `rpm` requests or `tpm` tokens
 * (input + output). The medians over such saturated minutes are first guesses; each is then
 * refined by replaying a token bucket of that kind over every attempt at limits from 0.7× to
 * 1.3× the guess and keeping the one that reproduces the most admit / 429 decisions. The kind
 * whose replay agrees better is the limit that binds (a count bucket cannot explain why large
 * requests were refused while small ones passed, and the other way round); the other is only
 * known to be above what was admitted.
 */
export interface LimitEstimate {
  readonly perMinute: number;
  /** Limits whose replay agrees within 0.2 percentage points of the best. */
  readonly lo: number;
  readonly hi: number;
  /** Fraction of the admit / 429 decisions the replay at `perMinute` reproduces. */
  readonly agreement: number;
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
  const rpm = refine(sorted, sortedMedian(guessMinutes.map((b) => b.admitted)), () => 1, guessMinutes.length, range);
  // A refused attempt logged no output tokens; the bucket was charged for the expected output,
  // so the replay charges it the median output of the admitted attempts.
  const outputs = sorted.filter((a) => a.outputTokens > 0).map((a) => a.outputTokens);
  const expectedOutput = outputs.length > 0 ? sortedMedian(outputs) : 0;
  const tpm = refine(sorted, sortedMedian(guessMinutes.map((b) => b.tokens)), (a) => a.inputTokens + (a.outputTokens > 0 ? a.outputTokens : expectedOutput), guessMinutes.length, range);
  return rpm.agreement >= tpm.agreement ? { ...base, rpm } : { ...base, tpm };
}

/** Grid search of the limit around `guess` by replaying a token bucket over the attempts. */
function refine(sorted: readonly LoggedAttempt[], guess: number, cost: (a: LoggedAttempt) => number, minutes: number, range: readonly [number, number]): LimitEstimate {
  const grid: { limit: number; agreement: number }[] = [];
  for (let f = range[0]; f <= range[1] + 1e-9; f += 0.01) {
    const limit = Math.max(1, Math.round(guess * f));
    if (grid.length > 0 && grid[grid.length - 1].limit === limit) continue;
    grid.push({ limit, agreement: replayAgreement(sorted, limit, cost) });
  }
  let best = grid[0];
  for (const g of grid) if (g.agreement > best.agreement) best = g;
  const near = grid.filter((g) => g.agreement >= best.agreement - 0.002).map((g) => g.limit);
  return { perMinute: best.limit, lo: Math.min(best.limit, near[0]), hi: Math.max(best.limit, near[near.length - 1]), agreement: best.agreement, minutes, medianOfMinutes: guess };
}

function replayAgreement(sorted: readonly LoggedAttempt[], limit: number, cost: (a: LoggedAttempt) => number): number {
  const t0 = sorted[0].startMs;
  const bucket = new TokenBucket(limit, limit / MINUTE_MS);
  let agree = 0;
  for (const a of sorted) {
    const admitted = bucket.tryTake(cost(a), a.startMs - t0).ok;
    if (admitted === (a.outcome !== 'rate-limited')) agree++;
  }
  return agree / sorted.length;
}
