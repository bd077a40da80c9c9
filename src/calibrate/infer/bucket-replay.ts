import type { LoggedAttempt } from '../logs/logged-request.js';
import type { BucketCharge } from './bucket-charge.js';

const MINUTE_MS = 60_000;
/**
 * A decision the model gives less than this probability still costs only log(FLOOR): about one
 * logged decision in a thousand may be one no bucket explains (a clock step, a provider's own
 * hiccup), and one such must not outweigh every other.
 */
const FLOOR = 1e-3;

export interface ReplayFit {
  /** Log-likelihood of the logged admit / 429 decisions. */
  readonly logLik: number;
  /** Expected fraction of them the replay reproduces. */
  readonly agreement: number;
}

/**
 * Replays a token bucket of `limit` per minute over the attempts (time-sorted, all metered by
 * one bucket) and scores the logged admit / 429 decisions. The bucket follows what the provider
 * did, not what the replay would have: an admission the replay finds unlikely still drains it
 * (below zero when the limit is too small) and a refusal never does. (Replaying its own
 * decisions let one early disagreement cascade through every later one.) `timingSdMs` is how
 * far the provider's moment of decision may lie from the logged send time; the bucket's level
 * is then uncertain by that much refill.
 */
export function replayBucket(sorted: readonly LoggedAttempt[], limit: number, charge: BucketCharge, timingSdMs: number): ReplayFit {
  const ratePerMs = limit / MINUTE_MS;
  // A logistic's scale is its sd × √3 / π.
  const slack = (timingSdMs * ratePerMs * Math.sqrt(3)) / Math.PI;
  let level = limit;
  let lastMs = sorted[0].startMs;
  let logLik = 0;
  let agree = 0;
  for (const a of sorted) {
    level = Math.min(limit, level + (a.startMs - lastMs) * ratePerMs);
    lastMs = a.startMs;
    const pAdmit = charge.admitProbability(a, level, limit, slack);
    const admitted = a.outcome !== 'rate-limited';
    const p = admitted ? pAdmit : 1 - pAdmit;
    agree += p;
    logLik += Math.log(Math.max(FLOOR, p));
    if (admitted) level -= charge.drain(a, limit);
  }
  return { logLik, agreement: agree / sorted.length };
}
