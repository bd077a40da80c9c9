import type { SelectionConfig } from '../../config/budget-policies-schema.js';
import type { RemovedCandidate, RouterSlot } from '../candidate-partition.js';
import { estimateRequestCostUsd } from '../strategies/request-cost.js';
import type { AttemptOutcome, RouteRequest } from '../types.js';
import { removeWhere } from './pool-filter.js';
import { ThroughputWindow } from './throughput-window.js';

/** Prompt tokens per word when a request carries only its text (the strategies' default). */
const TOKENS_PER_WORD = 1.3;

/**
 * OpenRouter's provider selection as a deployment filter: price ceilings (per million prompt
 * and output tokens, as OpenRouter's max_price, or per request), a throughput floor at a percentile, and a sort (price, throughput or latency) that keeps only
 * the best deployments — ties kept, so the strategy still balances among equals. A retry or
 * failover finds the best ones tried and goes down the order. A deployment not yet measured
 * passes the throughput floor (until `minThroughputSamples`) and sorts first by throughput and
 * latency, so it gets measured.
 */
export class SelectionConstraints {
  private readonly throughput = new Map<string, ThroughputWindow>();
  private readonly key: ((s: RouterSlot, req: RouteRequest) => number) | undefined;

  constructor(private readonly config: SelectionConfig) {
    const sortKeys = {
      // Lower is better for every key.
      price: (s: RouterSlot, req: RouteRequest) => estimateRequestCostUsd(s.deployment, req, TOKENS_PER_WORD),
      throughput: (s: RouterSlot) => -this.throughputOf(s.deployment.id, Infinity),
      latency: (s: RouterSlot) => (Number.isNaN(s.stats.ewmaLatencyMs) ? 0 : s.stats.ewmaLatencyMs),
    };
    this.key = config.sort === 'none' ? undefined : sortKeys[config.sort];
  }

  observe(deploymentId: string, o: AttemptOutcome): void {
    if (this.config.minThroughputTokensPerS === undefined && this.config.sort !== 'throughput') return;
    let w = this.throughput.get(deploymentId);
    if (w === undefined) this.throughput.set(deploymentId, (w = new ThroughputWindow()));
    w.observe(o);
  }

  /** The pool without what the constraints leave out (a new array only when something is); removals noted in `removed`. */
  apply(pool: RouterSlot[], req: RouteRequest, removed: RemovedCandidate[] | undefined): RouterSlot[] {
    let kept = pool;
    const { maxPriceUsdPerRequest: maxUsd, minThroughputTokensPerS: minTps } = this.config;
    const { maxInputUsdPerMTok: maxIn, maxOutputUsdPerMTok: maxOut } = this.config;
    if (maxIn !== undefined) kept = keepWhere(kept, (s) => s.deployment.inputUsdPerMTok * s.deployment.costMultiplier <= maxIn, 'max-input-price', removed);
    if (maxOut !== undefined) kept = keepWhere(kept, (s) => s.deployment.outputUsdPerMTok * s.deployment.costMultiplier <= maxOut, 'max-output-price', removed);
    if (maxUsd !== undefined) kept = keepWhere(kept, (s) => estimateRequestCostUsd(s.deployment, req, TOKENS_PER_WORD) <= maxUsd, 'max-price', removed);
    if (minTps !== undefined) kept = keepWhere(kept, (s) => !(this.measuredThroughput(s.deployment.id) < minTps), 'min-throughput', removed);
    if (this.key !== undefined && kept.length > 1) {
      const key = this.key;
      let best = Infinity;
      for (const s of kept) best = Math.min(best, key(s, req));
      kept = keepWhere(kept, (s) => key(s, req) <= best, `sort:${this.config.sort}`, removed);
    }
    return kept;
  }

  /** Throughput at the configured percentile; NaN (passes the floor) while too few samples. */
  private measuredThroughput(id: string): number {
    const w = this.throughput.get(id);
    return w === undefined || w.count < this.config.minThroughputSamples ? NaN : w.percentile(this.config.throughputPercentile);
  }

  private throughputOf(id: string, unmeasured: number): number {
    const tps = this.measuredThroughput(id);
    return Number.isNaN(tps) ? unmeasured : tps;
  }
}

function keepWhere(pool: RouterSlot[], ok: (s: RouterSlot) => boolean, by: string, removed: RemovedCandidate[] | undefined): RouterSlot[] {
  return removeWhere(pool, (s) => (ok(s) ? undefined : by), removed);
}
