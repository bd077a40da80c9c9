import type { RouteResult } from '../routing/types.js';
import { QuantileSketch } from './quantile-sketch.js';

/** One deployment's concurrency cap over one metrics bucket (router.concurrencyLimit). */
export interface ConcurrencyLimitPoint {
  readonly tS: number;
  readonly deploymentId: string;
  /** The cap at the bucket's end, and the lowest and highest it took inside the bucket. */
  readonly limit: number;
  readonly minLimit: number;
  readonly maxLimit: number;
}

/** Results of one priority class (router.priorityQueue). */
export interface PriorityClassSummary {
  readonly priority: number;
  readonly requests: number;
  readonly succeeded: number;
  /** Refused under saturation: sheddable, or pushed out of a full queue. */
  readonly shed: number;
  readonly queueTimeouts: number;
  readonly successRate: number;
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
  /** Requests that waited in the gateway queue, and their mean wait. */
  readonly queued: number;
  readonly meanQueueMs: number;
}

export interface AdmissionRunSummary {
  readonly concurrencyLimits?: readonly ConcurrencyLimitPoint[];
  readonly priorityClasses?: readonly PriorityClassSummary[];
}

interface ClassTally {
  requests: number;
  succeeded: number;
  shed: number;
  queueTimeouts: number;
  queued: number;
  queueSumMs: number;
  readonly e2e: QuantileSketch;
}

interface Track {
  limit: number;
  /** Per bucket index: [last, min, max]; buckets without a change repeat the cap before them. */
  readonly byBucket: Map<number, [number, number, number]>;
}

/**
 * What the admission policies did in one run: each deployment's concurrency cap per metrics
 * bucket (the health-timeline chart draws it), and per priority class the requests, successes,
 * sheds and latency. Present in the run summary only when the policy is on, so runs without it
 * serialize exactly as before.
 */
export class AdmissionTally {
  private readonly tracks = new Map<string, Track>();
  private readonly classes = new Map<number, ClassTally>();

  constructor(
    private readonly bucketMs: number,
    private readonly warmupMs: number,
    private readonly relativeError: number,
    /** Sketch buckets for the run's latency range (bucketsToCover), as the run's own sketches use. */
    private readonly sketchBuckets?: number,
  ) {}

  /** The caps in force at time 0 (called once, before the run, when a concurrency limit is on). */
  startLimits(limits: ReadonlyMap<string, number>): void {
    for (const [id, limit] of limits) this.tracks.set(id, { limit, byBucket: new Map([[0, [limit, limit, limit]]]) });
  }

  onLimitChanged(deploymentId: string, limit: number, atMs: number): void {
    const t = this.tracks.get(deploymentId);
    if (t === undefined) return;
    const b = Math.floor(atMs / this.bucketMs);
    const cell = t.byBucket.get(b);
    if (cell === undefined) t.byBucket.set(b, [limit, Math.min(limit, t.limit), Math.max(limit, t.limit)]);
    else {
      cell[0] = limit;
      cell[1] = Math.min(cell[1], limit);
      cell[2] = Math.max(cell[2], limit);
    }
    t.limit = limit;
  }

  onResult(arrivalMs: number, r: RouteResult): void {
    if (r.priority === undefined || arrivalMs < this.warmupMs) return;
    let c = this.classes.get(r.priority);
    if (c === undefined) {
      c = { requests: 0, succeeded: 0, shed: 0, queueTimeouts: 0, queued: 0, queueSumMs: 0, e2e: new QuantileSketch(this.relativeError, this.sketchBuckets) };
      this.classes.set(r.priority, c);
    }
    c.requests++;
    if (r.ok) {
      c.succeeded++;
      c.e2e.add(r.latencyMs);
    } else if (r.failureReason === 'shed') c.shed++;
    else if (r.failureReason === 'queue-timeout') c.queueTimeouts++;
    if (r.gatewayQueueMs !== undefined) {
      c.queued++;
      c.queueSumMs += r.gatewayQueueMs;
    }
  }

  summary(horizonMs: number): AdmissionRunSummary {
    const out: { concurrencyLimits?: ConcurrencyLimitPoint[]; priorityClasses?: PriorityClassSummary[] } = {};
    if (this.tracks.size > 0) out.concurrencyLimits = this.limitPoints(horizonMs);
    if (this.classes.size > 0) {
      out.priorityClasses = [...this.classes.entries()].sort((a, b) => b[0] - a[0]).map(([priority, c]) => ({
        priority,
        requests: c.requests,
        succeeded: c.succeeded,
        shed: c.shed,
        queueTimeouts: c.queueTimeouts,
        successRate: c.succeeded / c.requests,
        p50LatencyMs: c.e2e.count > 0 ? c.e2e.quantile(0.5) : NaN,
        p95LatencyMs: c.e2e.count > 0 ? c.e2e.quantile(0.95) : NaN,
        queued: c.queued,
        meanQueueMs: c.queued > 0 ? c.queueSumMs / c.queued : NaN,
      }));
    }
    return out;
  }

  private limitPoints(horizonMs: number): ConcurrencyLimitPoint[] {
    const points: ConcurrencyLimitPoint[] = [];
    const last = Math.ceil(horizonMs / this.bucketMs);
    for (const [deploymentId, t] of this.tracks) {
      let carried = t.byBucket.get(0)![0];
      for (let b = 0; b < last; b++) {
        const cell = t.byBucket.get(b);
        const [limit, minLimit, maxLimit] = cell ?? [carried, carried, carried];
        carried = limit;
        points.push({ tS: (b * this.bucketMs) / 1000, deploymentId, limit, minLimit, maxLimit });
      }
    }
    return points;
  }
}
