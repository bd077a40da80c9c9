import { maxOf } from '../../core/bulk-array.js';

/**
 * Which attempt's luck a request draws. The header's attempt number, unless this server has
 * already served that (request, attempt): a third-party gateway retrying or failing over
 * forwards the client's headers unchanged, and a retry that drew the same luck would fail the
 * same way every time. A repeat takes the number after the highest used for the request — what
 * the simulator's router would number it. Shared by all providers of a server, as the
 * simulator numbers attempts per request across providers. Remembers the most recent
 * `capacity` requests (a Map in insertion order, oldest evicted first).
 */
export class AttemptKeys {
  /** The attempt numbers served so far, per request id. */
  private readonly used = new Map<number, number[]>();

  constructor(private readonly capacity = 200_000) {}

  claim(requestId: number, attemptNo: number): number {
    const seen = this.used.get(requestId) ?? [];
    // Attempts may arrive out of order (a hedge, a slow hop): an unused number is taken as is.
    const n = seen.includes(attemptNo) ? maxOf(seen) + 1 : attemptNo;
    seen.push(n);
    this.used.delete(requestId); // re-inserted: most recently used at the end
    this.used.set(requestId, seen);
    if (this.used.size > this.capacity) this.used.delete(this.used.keys().next().value!);
    return n;
  }
}
