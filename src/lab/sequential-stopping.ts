import type { Better } from './statistics.js';
import { meanCi } from './statistics.js';

/**
 * When a strategy's place in a comparison is settled, so `compare` can stop replicating it.
 *
 * The ranking is lexicographic over a few metrics (uptime, then cost, then p99). Two
 * strategies' order is settled, on common random numbers, when on the first ranking metric
 * where they are not tied the 95% interval of their paired difference excludes 0. They are
 * tied on a metric when every paired difference is exactly 0, or when the interval's
 * half-width has shrunk below that metric's indifference zone (differences smaller than the
 * zone do not matter: that is a ranked group, and more replications would only shuffle it).
 * A strategy is settled when its order against every other strategy is; then it stops, keeping
 * the replications it has. Pairs are judged on the replications both have, so a settled
 * strategy never unsettles another one. Decisions read only run results: the same seed gives
 * the same replications per strategy whatever the number of workers.
 */

/** Half-width below which a paired difference counts as a tie: absolute, or relative to the pair's mean magnitude. */
export interface IndifferenceZone {
  readonly absolute?: number;
  readonly relative?: number;
}

export interface RankingDimension<M extends string> {
  readonly metric: M;
  readonly better: Better;
  readonly zone: IndifferenceZone;
}

export type PairVerdict = 'separated' | 'tied' | 'open';

export type StopReason = 'settled' | 'cap';

/** A strategy's values so far, per metric, one per replication (replication 1 first). */
export type ValuesSoFar<M extends string> = Readonly<Record<M, readonly number[]>>;

/** How the order of a and b stands on their first k common replications. */
export function pairVerdict<M extends string>(a: ValuesSoFar<M>, b: ValuesSoFar<M>, k: number, dims: readonly RankingDimension<M>[]): PairVerdict {
  for (const { metric, zone } of dims) {
    const diffs: number[] = [];
    let magnitude = 0;
    for (let r = 0; r < k; r++) {
      const x = a[metric][r], y = b[metric][r];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      diffs.push(x - y);
      magnitude += (Math.abs(x) + Math.abs(y)) / 2;
    }
    if (diffs.every((d) => d === 0)) continue; // identical on this metric (none finite counts too)
    if (diffs.length < 2) return 'open';
    const ci = meanCi(diffs);
    if (ci.lo > 0 || ci.hi < 0) return 'separated';
    const halfWidth = (ci.hi - ci.lo) / 2;
    const zoneWidth = Math.max(zone.absolute ?? 0, (zone.relative ?? 0) * (magnitude / diffs.length));
    if (halfWidth > zoneWidth) return 'open';
  }
  return 'tied';
}

/**
 * Which of the active strategies are settled, given every strategy's values so far (active
 * ones have `done` replications, stopped ones fewer). Only strategies with at least
 * `minReplications` can settle.
 */
export function settledNow<M extends string>(
  values: readonly ValuesSoFar<M>[],
  counts: readonly number[],
  active: readonly boolean[],
  minReplications: number,
  dims: readonly RankingDimension<M>[],
): boolean[] {
  return values.map((v, i) => {
    if (!active[i] || counts[i] < minReplications) return false;
    for (let j = 0; j < values.length; j++) {
      if (j !== i && pairVerdict(v, values[j], Math.min(counts[i], counts[j]), dims) === 'open') return false;
    }
    return true;
  });
}
