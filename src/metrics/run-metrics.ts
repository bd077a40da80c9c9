import type { MetricsSpec } from '../config/scenario-schema.js';
import type { RouterEvent } from '../routing/events.js';
import { QUALITY_RANK, type RouteRequest, type RouteResult } from '../routing/types.js';
import { AdmissionTally } from './admission-tally.js';
import { CostOverflowError, MAX_TOTAL_COST_USD } from './cost-overflow-error.js';
import { DecisionHash, stringKey } from './decision-hash.js';
import { QualityTally } from './quality-tally.js';
import { bucketsToCover, QuantileSketch } from './quantile-sketch.js';
import { TenantTally } from './tenant-tally.js';
import type { HealthTimelineEntry, LatencySummary, TimeBucket } from './run-summary.js';

const MAX_TIMELINE = 20_000;
/**
 * Latency sketches keep their stated relative error for every value within this factor of the
 * largest, whatever quantileRelativeError the scenario allows (1 µs to 11 days, in ms).
 */
export const LATENCY_RANGE_RATIO = 1e12;
/** Relative error of the per-bucket latency quantiles in the time series. */
export const BUCKET_QUANTILE_ERROR = 0.01;

interface Bucket { arrivals: number; successes: number; failures: number; latencySumMs: number; latency: QuantileSketch | undefined; costUsd: number; attempts: Float64Array }

function newBucket(deployments: number): Bucket {
  return { arrivals: 0, successes: 0, failures: 0, latencySumMs: 0, latency: undefined, costUsd: 0, attempts: new Float64Array(deployments) };
}

/**
 * Streaming accumulators for one run: memory is constant in the number of requests
 * (sketches and per-bucket counters only). Requests arriving during warm-up are not measured.
 */
export class RunMetrics {
  readonly e2e: QuantileSketch;
  /**
   * Latency of every measured request, a failed one counted at what it cost its user: the larger
   * of its own latency and the failure penalty. A strategy cannot look fast here by failing.
   */
  readonly e2eAll: QuantileSketch;
  /** Measured requests that succeeded within metrics.latencyTargetMs (SLO attainment's numerator). */
  metTarget = 0;
  /** Fingerprint of every routing decision (attempts and outcomes, warm-up included). */
  readonly decisions = new DecisionHash();
  /** Each deployment's id as a number for the fingerprint: decisions are about ids, not list positions. */
  private readonly deploymentKeys: number[];
  readonly ttft: QuantileSketch;
  readonly queue: QuantileSketch;
  total = 0;
  succeeded = 0;
  failed = 0;
  readonly failedByReason: Record<string, number> = {};
  readonly failedByLastError: Record<string, number> = {};
  retries = 0;
  /** Successful requests that waited in a provider queue (> 0 ms) on their winning attempt. */
  waited = 0;
  failovers = 0;
  hedges = 0;
  panicRequests = 0;
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  readonly costByDeployment: Float64Array;
  readonly attemptsByDeployment: Float64Array;
  readonly servedByDeployment: Float64Array;
  readonly timeline: HealthTimelineEntry[] = [];
  timelineTruncated = false;
  // Little's law bookkeeping over every request (warm-up included): area under N(t) in [0, horizon].
  private inSystem = 0;
  private areaMs = 0;
  private lastChangeMs = 0;
  private allArrivals = 0;
  private sojournSumMs = 0;
  private readonly buckets: Bucket[] = [];
  /** Where activity after the last reported bucket goes (drained requests, late bills): counted nowhere. */
  private readonly beyondHorizon: Bucket;
  private readonly bucketMs: number;
  /** Buckets reported: those starting before the horizon. */
  private readonly bucketCount: number;
  private readonly warmupMs: number;

  /** Successful requests served by a model below the quality tier they asked for. */
  servedBelowTier = 0;
  /** Answer quality of requests that carry ground truth (strong as isStrongDeployment says). */
  readonly quality = new QualityTally();
  /** Per-tenant results of requests that carry a tenant. */
  readonly tenants: TenantTally;
  /** Concurrency caps over time and per-priority results (router.concurrencyLimit / priorityQueue). */
  readonly admission: AdmissionTally;

  constructor(
    private readonly spec: MetricsSpec,
    /** The end of the simulated time the user asked for (durationS): time averages stop there. */
    private readonly horizonMs: number,
    private readonly deploymentIndex: ReadonlyMap<string, number>,
    /** Quality rank of each deployment, by index (0 low, 1 medium, 2 high). */
    private readonly tierRank: readonly number[] = [],
    /** Whether each deployment, by index, is the strong model (isStrongDeployment, routing/quality-truth.ts). */
    private readonly strong: readonly boolean[] = [],
    /** What a failed request counts as in `e2eAll`, ms (metrics.failurePenaltyMs, else the router's deadline). */
    private readonly failurePenaltyMs = 0,
  ) {
    const buckets = bucketsToCover(spec.quantileRelativeError, LATENCY_RANGE_RATIO);
    this.e2e = new QuantileSketch(spec.quantileRelativeError, buckets);
    this.e2eAll = new QuantileSketch(spec.quantileRelativeError, buckets);
    this.ttft = new QuantileSketch(spec.quantileRelativeError, buckets);
    this.queue = new QuantileSketch(spec.quantileRelativeError, buckets);
    this.tenants = new TenantTally(spec.quantileRelativeError, buckets);
    const n = deploymentIndex.size;
    this.costByDeployment = new Float64Array(n);
    this.attemptsByDeployment = new Float64Array(n);
    this.servedByDeployment = new Float64Array(n);
    this.deploymentKeys = new Array<number>(deploymentIndex.size).fill(0);
    for (const [id, i] of deploymentIndex) this.deploymentKeys[i] = stringKey(id);
    this.bucketMs = spec.bucketS * 1000;
    this.warmupMs = spec.warmupS * 1000;
    this.bucketCount = Math.ceil(horizonMs / this.bucketMs);
    this.beyondHorizon = newBucket(n);
    this.admission = new AdmissionTally(this.bucketMs, this.warmupMs, spec.quantileRelativeError, buckets);
  }

  /**
   * The bucket of time `atMs`. Buckets are only ever made up to the horizon's (the schema caps
   * their number): an attempt that ends or bills long after it (a hung attempt under a huge
   * deadline) lands in one discarded bucket instead of growing the array to its index.
   */
  private bucket(atMs: number): Bucket {
    const i = Math.floor(atMs / this.bucketMs);
    if (!(i < this.bucketCount)) return this.beyondHorizon;
    while (this.buckets.length <= i) this.buckets.push(newBucket(this.deploymentIndex.size));
    return this.buckets[i];
  }

  /** Buckets allocated so far (for memory tests): never more than the horizon's. */
  get bucketsHeld(): number {
    return this.buckets.length;
  }

  /** N(t) changes by `delta` at `nowMs`; the area only accrues inside the horizon (requests drain after it). */
  private advance(nowMs: number, delta: number): void {
    const t = Math.min(nowMs, this.horizonMs);
    this.areaMs += this.inSystem * (t - this.lastChangeMs);
    this.lastChangeMs = t;
    this.inSystem += delta;
  }

  onArrival(req: RouteRequest): void {
    this.advance(req.arrivalMs, +1);
    this.allArrivals++;
    if (req.arrivalMs >= this.warmupMs) this.bucket(req.arrivalMs).arrivals++;
  }

  /**
   * An attempt sent to the deployment with this index (indices, not ids: no lookup per attempt).
   * Attempts sent during warm-up are not measured, like the cost they bill (onBilled): the
   * deployment's attempts and the time series' attempts then count the same attempts.
   */
  onAttemptSent(deploymentIndex: number, atMs: number): void {
    this.decisions.attempt(this.deploymentKeys[deploymentIndex], atMs);
    if (atMs < this.warmupMs) return;
    this.attemptsByDeployment[deploymentIndex]++;
    this.bucket(atMs).attempts[deploymentIndex]++;
  }

  onBilled(deploymentIndex: number, costUsd: number, atMs: number): void {
    // Checked on every bill (warm-up's too), so a run whose prices overflow stops at once.
    const measured = atMs >= this.warmupMs;
    if (!((measured ? this.costUsd : 0) + costUsd <= MAX_TOTAL_COST_USD)) throw new CostOverflowError([...this.deploymentIndex.keys()][deploymentIndex], atMs);
    if (!measured) return;
    this.costUsd += costUsd;
    this.costByDeployment[deploymentIndex] += costUsd;
    this.bucket(atMs).costUsd += costUsd;
  }

  onResult(req: RouteRequest, r: RouteResult, nowMs: number): void {
    this.advance(nowMs, -1);
    // The part of the sojourn inside the horizon (all of it unless the request outlived it).
    this.sojournSumMs += Math.min(r.latencyMs, this.horizonMs - req.arrivalMs);
    this.decisions.outcome(r.requestId, r.ok, r.deploymentId === undefined ? -1 : stringKey(r.deploymentId));
    this.admission.onResult(req.arrivalMs, r);
    if (req.arrivalMs < this.warmupMs) return;
    this.total++;
    if (req.quality !== undefined) this.quality.onFinished();
    this.tenants.onResult(req, r);
    this.retries += r.retries;
    this.failovers += r.failovers;
    this.hedges += r.hedges;
    if (r.panic) this.panicRequests++;
    // Success rate over time is attributed to the arrival bucket: what users sent then.
    const b = this.bucket(req.arrivalMs);
    if (r.ok) {
      this.succeeded++;
      b.successes++;
      b.latencySumMs += r.latencyMs;
      // A fixed 1% per bucket: the run's own α (as fine as 0.01%) would cost megabytes per bucket.
      (b.latency ??= new QuantileSketch(BUCKET_QUANTILE_ERROR)).add(r.latencyMs);
      this.e2e.add(r.latencyMs);
      this.e2eAll.add(r.latencyMs);
      if (r.latencyMs <= this.spec.latencyTargetMs) this.metTarget++;
      if (r.ttftMs !== undefined) this.ttft.add(r.ttftMs);
      if (r.queueMs !== undefined) {
        this.queue.add(r.queueMs);
        if (r.queueMs > 0) this.waited++;
      }
      this.inputTokens += r.inputTokens;
      this.outputTokens += r.outputTokens;
      if (r.deploymentId !== undefined) {
        const i = this.deploymentIndex.get(r.deploymentId)!;
        this.servedByDeployment[i]++;
        if (this.tierRank[i] < QUALITY_RANK[req.qualityTier]) this.servedBelowTier++;
        if (req.quality !== undefined) this.quality.onServed(req.quality, this.strong[i] === true);
      }
    } else {
      this.failed++;
      b.failures++;
      this.e2eAll.add(Math.max(r.latencyMs, this.failurePenaltyMs));
      const reason = r.failureReason ?? 'unknown';
      this.failedByReason[reason] = (this.failedByReason[reason] ?? 0) + 1;
      const last = r.lastErrorKind ?? 'none';
      this.failedByLastError[last] = (this.failedByLastError[last] ?? 0) + 1;
    }
  }

  onRouterEvent(e: RouterEvent): void {
    if (e.type === 'concurrency.changed') return this.admission.onLimitChanged(e.deploymentId, e.limit, e.atMs);
    if (e.type !== 'health.changed') return;
    if (this.timeline.length >= MAX_TIMELINE) {
      this.timelineTruncated = true;
      return;
    }
    this.timeline.push({ atS: e.atMs / 1000, deploymentId: e.deploymentId, source: e.source, excluded: e.excluded });
  }

  /** Quantile points of a sketch for CDF charts: dense in the body, denser in the tail. */
  cdf(sketch: QuantileSketch): { q: number; ms: number }[] {
    if (sketch.count === 0) return [];
    const qs = [0.001, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 1];
    return qs.map((q) => ({ q, ms: sketch.quantile(q) }));
  }

  latency(sketch: QuantileSketch): LatencySummary {
    const q = (p: number) => (sketch.count > 0 ? sketch.quantile(p) : NaN);
    return {
      count: sketch.count,
      mean: sketch.count > 0 ? sketch.mean : NaN,
      p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), p999: q(0.999),
      max: sketch.count > 0 ? sketch.max : NaN,
    };
  }

  /**
   * Fraction of buckets within [warmup, horizon) whose success rate met the SLO; empty buckets
   * count as up. NaN when warm-up leaves no bucket to measure: nothing measured is not 100% up.
   */
  uptime(): number {
    const first = Math.floor(this.warmupMs / this.bucketMs);
    const last = this.bucketCount;
    let up = 0, n = 0;
    for (let i = first; i < last; i++) {
      const b = this.buckets[i];
      n++;
      const done = b ? b.successes + b.failures : 0;
      if (done === 0 || b!.successes / done >= this.spec.sloSuccessRate) up++;
    }
    return n > 0 ? up / n : NaN;
  }

  timeseries(): TimeBucket[] {
    const last = this.bucketCount;
    const out: TimeBucket[] = [];
    for (let i = Math.floor(this.warmupMs / this.bucketMs); i < last; i++) {
      const b = this.buckets[i];
      out.push({
        tS: (i * this.bucketMs) / 1000,
        arrivals: b?.arrivals ?? 0,
        successes: b?.successes ?? 0,
        failures: b?.failures ?? 0,
        meanLatencyMs: b && b.successes > 0 ? b.latencySumMs / b.successes : NaN,
        latencyP50Ms: b?.latency ? b.latency.quantile(0.5) : NaN,
        latencyP99Ms: b?.latency ? b.latency.quantile(0.99) : NaN,
        costUsd: b?.costUsd ?? 0,
        attempts: b ? Array.from(b.attempts) : new Array(this.deploymentIndex.size).fill(0),
      });
    }
    return out;
  }

  /**
   * L (time-average number in system), λ and W over [0, endMs]: the horizon, or where a stopped
   * run ended before it. A sojourn that outlives the horizon counts up to it, so L = λW holds
   * exactly once every request has ended (each one does: the router abandons the last ones).
   */
  littlesLaw(endMs: number): { meanInSystem: number; arrivalRatePerS: number; meanSojournS: number } {
    const area = this.areaMs + this.inSystem * (endMs - this.lastChangeMs);
    const departed = this.allArrivals - this.inSystem;
    return {
      meanInSystem: endMs > 0 ? area / endMs : 0,
      arrivalRatePerS: endMs > 0 ? (this.allArrivals / endMs) * 1000 : 0,
      meanSojournS: departed > 0 ? this.sojournSumMs / departed / 1000 : 0,
    };
  }
}
