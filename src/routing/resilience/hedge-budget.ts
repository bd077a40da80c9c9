/**
 * Hedging: send a backup attempt when the first is slow, but never more backups than
 * `maxHedgeRatio` of all requests (counted since the start), so hedging cannot double the
 * load on a struggling fleet.
 */
import type { HedgingConfig } from '../../config/router-schema.js';

export class HedgeBudget {
  private requests = 0;
  private hedges = 0;
  private denied = 0;

  constructor(readonly maxHedgeRatio: number) {
    if (!(maxHedgeRatio >= 0 && maxHedgeRatio <= 1)) {
      throw new RangeError(`HedgeBudget: maxHedgeRatio must be in [0, 1], got ${maxHedgeRatio}`);
    }
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

  requestStarted(): void {
    this.requests++;
  }

  /** True (and counted) when one more hedge keeps hedges ≤ maxHedgeRatio × requests. */
  tryHedge(): boolean {
    if (this.hedges + 1 <= this.maxHedgeRatio * this.requests) {
      this.hedges++;
      return true;
    }
    this.denied++;
    return false;
  }
}

/** The deployment's recent latency, as the router's stats tracker keeps it. */
export interface RecentLatency {
  /** Quantile q in [0, 1] of recent latencies; NaN when there is no data. */
  latencyQuantileMs(q: number): number;
}

/**
 * When to send the backup: the fixed `delayMs` if set (it wins when both are set), else the
 * `percentile` of the deployment's recent latency; undefined when hedging is off, neither is
 * set, or there is no latency data yet.
 */
export function hedgeDelayMs(cfg: HedgingConfig | false, recent: RecentLatency): number | undefined {
  if (cfg === false) return undefined;
  if (cfg.delayMs !== undefined) return cfg.delayMs;
  if (cfg.percentile === undefined) return undefined;
  const ms = recent.latencyQuantileMs(cfg.percentile / 100);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
