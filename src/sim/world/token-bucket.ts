const TAKEN = { ok: true } as const;

/** A token bucket on simulated time: `capacity` tokens, refilled continuously at `ratePerMs`. */
export class TokenBucket {
  private tokens: number;
  private lastMs = 0;

  constructor(private capacity: number, private ratePerMs: number) {
    this.tokens = capacity;
  }

  /** Scale capacity and refill rate (rate-limit squeeze); keeps the current fill fraction. */
  rescale(factor: number, baseCapacity: number, baseRatePerMs: number, nowMs: number): void {
    this.refill(nowMs);
    const fraction = this.capacity > 0 ? this.tokens / this.capacity : 1;
    this.capacity = baseCapacity * factor;
    this.ratePerMs = baseRatePerMs * factor;
    this.tokens = fraction * this.capacity;
  }

  /** Takes `amount` tokens if available; otherwise returns the wait in ms until they would be. */
  tryTake(amount: number, nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.refill(nowMs);
    // A request larger than the whole bucket can never pass; wait a full refill and fail again.
    const need = Math.min(amount, this.capacity);
    if (this.tokens >= need && this.capacity > 0) {
      this.tokens -= need;
      return TAKEN; // shared: no object per admitted request
    }
    const retryAfterMs = this.ratePerMs > 0 ? (need - this.tokens) / this.ratePerMs : Infinity;
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) };
  }

  /** Would `amount` tokens be available now? (No side effects beyond refilling.) */
  wouldAdmit(amount: number, nowMs: number): boolean {
    this.refill(nowMs);
    return this.capacity > 0 && this.tokens >= Math.min(amount, this.capacity);
  }

  /** Whole tokens available now (what an `x-ratelimit-remaining-*` header reports). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  private refill(nowMs: number): void {
    if (nowMs > this.lastMs) {
      this.tokens = Math.min(this.capacity, this.tokens + (nowMs - this.lastMs) * this.ratePerMs);
      this.lastMs = nowMs;
    }
  }
}
