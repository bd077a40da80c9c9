import { RingWindow } from '../stats/ring-window.js';
import type { AttemptOutcome } from '../types.js';

/** Successful attempts kept per deployment for throughput percentiles (newest kept). */
export const THROUGHPUT_WINDOW_SIZE = 200;

/**
 * Output throughput of a deployment's recent successful attempts, tokens per second of
 * generation (after the first token when the TTFT is known, as OpenRouter measures it),
 * newest kept. Percentiles are read by nearest rank from a sorted copy made only when a
 * sample arrived since the last read.
 */
export class ThroughputWindow {
  private readonly ring = new RingWindow(THROUGHPUT_WINDOW_SIZE);
  private sorted: number[] | undefined;

  get count(): number {
    return this.ring.count;
  }

  observe(o: AttemptOutcome): void {
    if (o.kind !== 'success' || !(o.outputTokens > 0)) return;
    const generationMs = o.ttftMs !== undefined && o.latencyMs > o.ttftMs ? o.latencyMs - o.ttftMs : o.latencyMs;
    if (!(generationMs > 0)) return;
    this.ring.push((o.outputTokens * 1000) / generationMs);
    this.sorted = undefined;
  }

  /** Tokens/s at percentile `p` (1..99); NaN with no samples. */
  percentile(p: number): number {
    if (this.ring.count === 0) return NaN;
    this.sorted ??= this.ring.toArray().sort((a, b) => a - b);
    // Nearest rank: the smallest sample with at least p% of the samples at or below it.
    const n = this.sorted.length;
    return this.sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  }
}
