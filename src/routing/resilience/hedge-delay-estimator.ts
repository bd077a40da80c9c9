import type { AttemptOutcome } from '../types.js';

/**
 * Learns the hedge delay of percentile hedging without the bias hedging itself causes.
 *
 * A naive window of finished attempts settles far below the true percentile: a slow original
 * cancelled by a winning hedge never enters it, and the winning hedge enters with a short
 * latency. The loop then hedges about twice as often as asked (held only by maxHedgeRatio).
 * Here only FIRST attempts enter (never hedges or retries), and an original that ends without
 * an answer — cancelled because a hedge won, timed out, failed — enters as right-censored at
 * its elapsed time: all we know is that its answer would have come later than that. The
 * percentile is read from the Kaplan–Meier estimate of the window, which is unbiased under
 * this censoring (the censoring time, τ + the hedge's latency, is independent of the
 * original's latency).
 *
 * The window is large (default 5,000) so its own sampling error is small: the nearest-rank
 * p95 of n samples has a rank error of √(n·0.95·0.05); at 5,000 that is ±15 ranks, ±0.3
 * percentage points of hedge rate. The estimate is refreshed every `refreshEvery` samples
 * (one sort per refresh, not per request).
 */
export class HedgeDelayEstimator {
  private readonly values: Float64Array;
  private readonly censored: Uint8Array;
  private next = 0;
  private filled = 0;
  private sinceRefresh = 0;
  /** Quantile → cached estimate, cleared on refresh. */
  private cachedQ = NaN;
  private cachedMs = NaN;

  constructor(readonly capacity: number, private readonly refreshEvery = Math.max(1, Math.floor(capacity / 100))) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`HedgeDelayEstimator: capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
    this.censored = new Uint8Array(capacity);
  }

  get count(): number {
    return this.filled;
  }

  /**
   * A first attempt ended after `elapsedMs` with outcome `o`. Latency basis: a success is an
   * answer at its latency, anything else censored. TTFT basis: an attempt whose first token was
   * already learnt (`sawFirstToken`) adds nothing; otherwise a success is an answer at its TTFT,
   * anything else censored.
   */
  firstAttemptEnded(o: AttemptOutcome, elapsedMs: number, ttftBasis: boolean, sawFirstToken: boolean): void {
    if (ttftBasis) {
      if (sawFirstToken) return;
      if (o.kind === 'success' && o.ttftMs !== undefined) this.observe(o.ttftMs);
      else this.censor(elapsedMs);
    } else if (o.kind === 'success') this.observe(o.latencyMs);
    else this.censor(elapsedMs);
  }

  /** A first attempt answered after `ms`. */
  observe(ms: number): void {
    this.push(ms, 0);
  }

  /** A first attempt ended unanswered after `ms` (its answer would have come later, if ever). */
  censor(ms: number): void {
    this.push(ms, 1);
  }

  private push(ms: number, censored: 0 | 1): void {
    this.values[this.next] = ms;
    this.censored[this.next] = censored;
    if (++this.next === this.capacity) this.next = 0;
    if (this.filled < this.capacity) this.filled++;
    if (++this.sinceRefresh >= this.refreshEvery) {
      this.sinceRefresh = 0;
      this.cachedQ = NaN;
    }
  }

  /**
   * The q-quantile of the Kaplan–Meier estimate (smallest answered time t with F(t) ≥ q);
   * NaN until the window holds enough samples for the q-quantile not to be its maximum
   * (1 / (1 − q)). When censoring leaves F below q everywhere, the largest answered time.
   */
  latencyQuantileMs(q: number): number {
    if (q === this.cachedQ) return this.cachedMs;
    const n = this.filled;
    const ms = n < Math.min(this.capacity, Math.ceil(1 / (1 - q))) ? NaN : kaplanMeierQuantile(this.values, this.censored, n, q);
    // Cache only once the window is warm: until then every new sample may matter.
    if (!Number.isNaN(ms)) {
      this.cachedQ = q;
      this.cachedMs = ms;
    }
    return ms;
  }
}

/**
 * q-quantile of the Kaplan–Meier estimate of the first `n` (value, censored) pairs; NaN if
 * nothing was answered. Answered and censored times are sorted apart (native numeric sorts,
 * no comparator) and merged; at a tie the answer comes first (the usual KM convention: a
 * time censored at t was still at risk at t).
 */
export function kaplanMeierQuantile(values: ArrayLike<number>, censored: ArrayLike<number>, n: number, q: number): number {
  let nCensored = 0;
  for (let i = 0; i < n; i++) nCensored += censored[i];
  const answered = new Float64Array(n - nCensored);
  const lost = new Float64Array(nCensored);
  for (let i = 0, a = 0, c = 0; i < n; i++) {
    if (censored[i] === 1) lost[c++] = values[i];
    else answered[a++] = values[i];
  }
  answered.sort();
  lost.sort();
  let survival = 1;
  let atRisk = n;
  let c = 0;
  for (let a = 0; a < answered.length; a++) {
    const t = answered[a];
    while (c < lost.length && lost[c] < t) {
      c++;
      atRisk--;
    }
    survival *= 1 - 1 / atRisk;
    atRisk--;
    if (1 - survival >= q - 1e-12) return t;
  }
  return answered.length > 0 ? answered[answered.length - 1] : NaN;
}
