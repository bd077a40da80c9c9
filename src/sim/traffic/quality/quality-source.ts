import type { Rng } from '../../../core/ports.js';
import type { TraceReplaySummary } from '../../../metrics/run-summary.js';
import type { RequestQuality, RouteRequest } from '../../../routing/types.js';
import type { RequestSource } from '../request-source.js';

/**
 * Gives every request of an inner source (synthetic or trace) a prompt record with quality
 * ground truth, drawn uniformly with replacement from `records`. The draws use their own
 * stream (the caller forks a new child of the traffic stream), one draw per request in
 * arrival order: arrivals and every other attribute are exactly what they were without it,
 * and every strategy sees the same prompt on the same request (common random numbers).
 */
export class QualityAnnotatingSource implements RequestSource {
  constructor(
    private readonly inner: RequestSource,
    private readonly records: readonly RequestQuality[],
    private readonly rng: Rng,
  ) {
    if (records.length === 0) throw new RangeError('no quality records to draw from');
    if (inner.traceSummary !== undefined) this.traceSummary = () => inner.traceSummary!();
  }

  readonly traceSummary?: () => TraceReplaySummary;

  next(): RouteRequest | undefined {
    const req = this.inner.next();
    if (req === undefined) return undefined;
    return { ...req, quality: this.records[this.rng.int(this.records.length)] };
  }

  close(): void {
    this.inner.close?.();
  }
}
