import { QuantileSketch } from '../../metrics/quantile-sketch.js';

/** How late the load generator sent its requests (real ms): p50, p99, max. */
export interface LatenessSummary {
  readonly sent: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class LatenessTracker {
  private readonly sketch = new QuantileSketch();
  private max = 0;
  private n = 0;

  add(lateMs: number): void {
    const v = Math.max(0, lateMs);
    this.sketch.add(v);
    this.n++;
    if (v > this.max) this.max = v;
  }

  summary(): LatenessSummary {
    if (this.n === 0) return { sent: 0, p50Ms: NaN, p99Ms: NaN, maxMs: NaN };
    return { sent: this.n, p50Ms: this.sketch.quantile(0.5), p99Ms: this.sketch.quantile(0.99), maxMs: this.max };
  }
}
