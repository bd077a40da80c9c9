/**
 * Hedging: send a backup attempt when the first is slow, but never more backups than
 * `maxHedgeRatio` of the requests started in the last `windowMs`, so hedging cannot double the
 * load on a struggling fleet. The count slides: a budget counted since time 0 would let a
 * quiet day's unused hedges out as one burst on a bad afternoon.
 */
import type { HedgingConfig } from '../../config/router-schema.js';
import { OutcomeWindow } from './outcome-window.js';

export class HedgeBudget {
  /** Requests (pass) and hedges (fail) started in the last windowMs. */
  private readonly recent: OutcomeWindow;
  private hedges = 0;
  private denied = 0;
  private requests = 0;

  constructor(readonly maxHedgeRatio: number, readonly windowMs: number) {
    if (!(maxHedgeRatio >= 0 && maxHedgeRatio <= 1)) {
      throw new RangeError(`HedgeBudget: maxHedgeRatio must be in [0, 1], got ${maxHedgeRatio}`);
    }
    this.recent = new OutcomeWindow(windowMs);
  }

  get requestsStarted(): number {
    return this.requests;
  }

  get hedgesIssued(): number {
    return this.hedges;
  }

  get hedgesDenied(): number {
    return this.denied;
  }

  /** Requests and hedges started in the window ending at `nowMs`. */
  inWindow(nowMs: number): { requests: number; hedges: number } {
    const hedges = this.recent.failureCount(nowMs);
    return { requests: this.recent.count(nowMs) - hedges, hedges };
  }

  requestStarted(nowMs: number): void {
    this.requests++;
    this.recent.record(nowMs, false);
  }

  /** True (and counted) when one more hedge keeps hedges ≤ maxHedgeRatio × requests within the window. */
  tryHedge(nowMs: number): boolean {
    const { requests, hedges } = this.inWindow(nowMs);
    if (hedges + 1 <= this.maxHedgeRatio * requests) {
      this.hedges++;
      this.recent.record(nowMs, true);
      return true;
    }
    this.denied++;
    return false;
  }
}

/** A deployment's recent first-attempt latency (or TTFT), as the hedge delay estimator keeps it. */
export interface RecentLatency {
  /** Quantile q in [0, 1] of recent latencies; NaN when there is not enough data. */
  latencyQuantileMs(q: number): number;
}

/**
 * When to send the backup: the fixed `delayMs` if set (it wins when both are set), else the
 * `percentile` of the deployment's recent latency; undefined when hedging is off, neither is
 * set, or there is no latency data yet.
 */
export function hedgeDelayMs(cfg: HedgingConfig | false, recent: RecentLatency | undefined): number | undefined {
  if (cfg === false) return undefined;
  if (cfg.delayMs !== undefined) return cfg.delayMs;
  if (cfg.percentile === undefined || recent === undefined) return undefined;
  const ms = recent.latencyQuantileMs(cfg.percentile / 100);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
